using System.Text.Json;

namespace Tractatus.TestIsolation.SharedState;

/// <summary>
/// Reads a state file's bytes and tells missing, empty, JSON and invalid content apart, reading again while a
/// writer that ignores the lock may be halfway through rewriting the file.
/// </summary>
internal static class StateFileContent
{
    // How a half-written file is told from a corrupt one (see ReadSettledAsync).
    private static readonly TimeSpan RereadInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxSettleWait = TimeSpan.FromSeconds(2);

    internal enum Kind
    {
        Missing,
        Blank,
        Json,
        Invalid,
        Unreadable,
    }

    /// <summary>
    /// Reads the file; when it is empty or not valid JSON, reads it again until it is valid or has stopped changing
    /// for <see cref="SettleTime"/>: a writer that ignores the lock (a plain <c>File.WriteAllText</c> truncates, then
    /// writes) must not make a half-written moment look like a corrupt or empty file.
    /// </summary>
    internal static async ValueTask<(byte[]? Bytes, Kind Kind)> ReadSettledAsync(string full, SharedStateFileOptions options, bool synchronous, CancellationToken cancellationToken)
    {
        var (bytes, kind, error) = ReadOnce(full, options);
        var time = options.TimeProvider;
        var started = time.GetTimestamp();
        var unchangedSince = started;
        while (kind is Kind.Blank or Kind.Invalid or Kind.Unreadable
            && (kind == Kind.Unreadable || time.GetElapsedTime(unchangedSince) < SettleTime)
            && time.GetElapsedTime(started) < MaxSettleWait)
        {
            await TimeDelay.WaitAsync(RereadInterval, time, synchronous, cancellationToken).ConfigureAwait(false);
            var previous = bytes;
            (bytes, kind, error) = ReadOnce(full, options);
            if (!bytes.AsSpan().SequenceEqual(previous))
            {
                unchangedSince = time.GetTimestamp();
            }
        }

        if (kind == Kind.Unreadable)
        {
            throw new IOException($"Shared state file '{full}' could not be read for {MaxSettleWait.TotalSeconds:0} s: {error!.Message} Another process probably holds it open exclusively without taking SharedStateFile's lock; stop that process or make it write through SharedStateFile.", error);
        }

        return (bytes, kind);
    }

    /// <summary>One read; a file another process holds open exclusively (a sharing violation, or its <c>flock</c> on Unix) is <see cref="Kind.Unreadable"/> for now.</summary>
    private static (byte[]? Bytes, Kind Kind, IOException? Error) ReadOnce(string full, SharedStateFileOptions options)
    {
        try
        {
            var bytes = AtomicFile.ReadAllBytesOrNull(full);
            return (bytes, Classify(bytes, options), null);
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            return (null, Kind.Unreadable, ex);
        }
    }

    private static Kind Classify(byte[]? bytes, SharedStateFileOptions options)
    {
        if (bytes is null)
        {
            return Kind.Missing;
        }

        var content = WithoutBom(bytes);
        return IsBlank(content) ? Kind.Blank : JsonSyntaxError(content, options.JsonOrDefault) is null ? Kind.Json : Kind.Invalid;
    }

    internal static string JsonError(byte[] bytes, SharedStateFileOptions options) =>
        JsonSyntaxError(WithoutBom(bytes), options.JsonOrDefault) ?? "not valid JSON";

    internal static ReadOnlySpan<byte> WithoutBom(byte[]? bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        return span.StartsWith("\uFEFF"u8) ? span[3..] : span;
    }

    private static bool IsBlank(ReadOnlySpan<byte> content)
    {
        foreach (var b in content)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Null when <paramref name="content"/> is one well-formed JSON value, else the reader's error.</summary>
    private static string? JsonSyntaxError(ReadOnlySpan<byte> content, JsonSerializerOptions json)
    {
        try
        {
            var readerOptions = new JsonReaderOptions { CommentHandling = json.ReadCommentHandling, AllowTrailingCommas = json.AllowTrailingCommas, MaxDepth = json.MaxDepth };
            var reader = new Utf8JsonReader(content, readerOptions);
            while (reader.Read())
            {
            }

            return reader.BytesConsumed == content.Length || IsBlank(content[(int)reader.BytesConsumed..]) ? null : "content after the JSON value";
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }
}
