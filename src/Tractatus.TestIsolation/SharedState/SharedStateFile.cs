using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Tractatus.TestIsolation.SharedState;

namespace Tractatus.TestIsolation;

/// <summary>
/// Locked, atomic read-modify-write of a state file shared by several processes (test runs, tools, CI jobs).
/// </summary>
/// <remarks>
/// <para>Each update: lock the sidecar <c>&lt;file&gt;.lock</c> (an OS lock the OS drops if the holder dies, waited
/// for in arrival order) → read → parse → transform → write a temp file in the same folder → flush to disk →
/// rename over the file → unlock. Readers therefore always see a whole old or whole new file.</para>
/// <para>A file that is not valid JSON is never overwritten: it is moved to <c>&lt;file&gt;.corrupt-&lt;time&gt;</c> and
/// a <see cref="SharedStateFileCorruptException"/> names both paths. An empty file counts as missing.</para>
/// <para>When the file is missing, <c>Update</c> starts from the seed: by default <c>new T()</c> for a type with a
/// public parameterless constructor, an empty array for arrays, <c>""</c> for strings, else <c>default(T)</c>.</para>
/// <para>All writers must go through this class (or at least take the same lock): a plain <c>File.WriteAllText</c> elsewhere is not kept out.</para>
/// </remarks>
public static class SharedStateFile
{
    /// <summary>Applies <paramref name="transform"/> to the file's JSON content under the lock and writes the result back.</summary>
    /// <returns>The value written.</returns>
    /// <exception cref="SharedStateFileLockTimeoutException">The lock was not obtained within <see cref="SharedStateFileOptions.Timeout"/>.</exception>
    /// <exception cref="SharedStateFileCorruptException">The file is not valid JSON; it was moved aside, not overwritten.</exception>
    /// <exception cref="SharedStateFileLockingUnavailableException">File locking does not work in this process.</exception>
    public static T Update<T>(string path, Func<T, T> transform, SharedStateFileOptions? options = null) =>
        Update(path, CreateEmpty<T>, transform, options);

    /// <summary>Like <see cref="Update{T}(string, Func{T, T}, SharedStateFileOptions?)"/>, starting from <paramref name="seed"/>() when the file is missing or empty.</summary>
    public static T Update<T>(string path, Func<T> seed, Func<T, T> transform, SharedStateFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(transform);
        options ??= SharedStateFileOptions.Default;
        return RunSynchronously(UpdateCoreAsync(path, (full, bytes) => ParseJson(full, bytes, seed, options, moveCorrupt: true), transform, value => Serialize(value, options), options, synchronous: true, CancellationToken.None));
    }

    /// <summary>Applies <paramref name="transform"/> to the file's text (<c>""</c> when missing) under the lock and writes the result back as UTF-8.</summary>
    /// <returns>The text written.</returns>
    public static string UpdateText(string path, Func<string, string> transform, SharedStateFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transform);
        options ??= SharedStateFileOptions.Default;
        return RunSynchronously(UpdateCoreAsync(path, static (_, bytes) => DecodeText(bytes), transform, EncodeText, options, synchronous: true, CancellationToken.None));
    }

    /// <summary>Asynchronous <see cref="Update{T}(string, Func{T, T}, SharedStateFileOptions?)"/>: waits for the lock without blocking a thread.</summary>
    public static Task<T> UpdateAsync<T>(string path, Func<T, T> transform, SharedStateFileOptions? options = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(path, CreateEmpty<T>, transform, options, cancellationToken);

    /// <summary>Asynchronous <see cref="Update{T}(string, Func{T}, Func{T, T}, SharedStateFileOptions?)"/>.</summary>
    public static Task<T> UpdateAsync<T>(string path, Func<T> seed, Func<T, T> transform, SharedStateFileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(transform);
        options ??= SharedStateFileOptions.Default;
        return UpdateCoreAsync(path, (full, bytes) => ParseJson(full, bytes, seed, options, moveCorrupt: true), transform, value => Serialize(value, options), options, synchronous: false, cancellationToken).AsTask();
    }

    /// <summary>Asynchronous <see cref="UpdateText"/>.</summary>
    public static Task<string> UpdateTextAsync(string path, Func<string, string> transform, SharedStateFileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transform);
        options ??= SharedStateFileOptions.Default;
        return UpdateCoreAsync(path, static (_, bytes) => DecodeText(bytes), transform, EncodeText, options, synchronous: false, cancellationToken).AsTask();
    }

    /// <summary>
    /// Reads the file's JSON content; <c>default</c> when it is missing or empty. Takes no lock: updates replace
    /// the file in one rename, so a reader sees a whole version.
    /// </summary>
    /// <exception cref="SharedStateFileCorruptException">The file is not valid JSON (it is left where it is; the next update moves it aside).</exception>
    public static T? Read<T>(string path, SharedStateFileOptions? options = null)
    {
        options ??= SharedStateFileOptions.Default;
        var full = FullPath(path);
        return ParseJson<T?>(full, AtomicFile.ReadAllBytesOrNull(full), static () => default, options, moveCorrupt: false);
    }

    /// <summary>Reads the file's text; null when it is missing. Takes no lock (see <see cref="Read{T}"/>).</summary>
    public static string? ReadText(string path)
    {
        var full = FullPath(path);
        var bytes = AtomicFile.ReadAllBytesOrNull(full);
        return bytes is null ? null : DecodeText(bytes);
    }

    private static async ValueTask<T> UpdateCoreAsync<T>(string path, Func<string, byte[]?, T> parse, Func<T, T> transform, Func<T, byte[]> serialize, SharedStateFileOptions options, bool synchronous, CancellationToken cancellationToken)
    {
        var full = FullPath(path);
        using var held = await SharedFileLock.AcquireAsync(full, options, synchronous, cancellationToken).ConfigureAwait(false);
        var current = parse(full, AtomicFile.ReadAllBytesOrNull(full));
        T next;
        using (SharedFileLock.EnterTransform(full))
        {
            next = transform(current);
        }

        AtomicFile.Replace(full, serialize(next), options.FlushToDisk);
        CleanUpIfDue(full, held.Gate, options);
        return next;
    }

    private static void CleanUpIfDue(string full, SharedFileLock.PathGate gate, SharedStateFileOptions options)
    {
        var last = gate.LastCleanupTimestamp;
        if (last != 0 && Stopwatch.GetElapsedTime(last) < TimeSpan.FromMinutes(1))
        {
            return;
        }

        gate.LastCleanupTimestamp = Stopwatch.GetTimestamp();
        AtomicFile.DeleteStaleTempFiles(full, options.StaleTempFileAge);
    }

    private static T ParseJson<T>(string full, byte[]? bytes, Func<T> seed, SharedStateFileOptions options, bool moveCorrupt)
    {
        var content = WithoutBom(bytes);
        if (bytes is null || IsBlank(content))
        {
            return seed();
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(content, options.JsonOrDefault);
            return value is null ? seed() : value;
        }
        catch (JsonException ex) when (!IsWellFormedJson(content, options.JsonOrDefault))
        {
            if (!moveCorrupt)
            {
                throw new SharedStateFileCorruptException(full, null, $"Shared state file '{full}' is not valid JSON ({ex.Message}). It was left as it is; the next update will move it aside to a .corrupt- copy and start from an empty state.", ex);
            }

            var copy = AtomicFile.MoveAside(full);
            throw new SharedStateFileCorruptException(full, copy, $"Shared state file '{full}' is not valid JSON ({ex.Message}). It was moved to '{copy}' and nothing was overwritten; inspect or restore that copy. The next update starts from an empty state.", ex);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Shared state file '{full}' is valid JSON but does not fit {typeof(T).Name} ({ex.Message}). The file was left as it is; read it with the type it was written with.", ex);
        }
    }

    private static byte[] Serialize<T>(T value, SharedStateFileOptions options) => JsonSerializer.SerializeToUtf8Bytes(value, options.JsonOrDefault);

    private static string DecodeText(byte[]? bytes) => bytes is null ? string.Empty : Encoding.UTF8.GetString(WithoutBom(bytes));

    private static byte[] EncodeText(string text) =>
        Encoding.UTF8.GetBytes(text ?? throw new InvalidOperationException("The UpdateText transform returned null; return the new text (\"\" for an empty file)."));

    private static ReadOnlySpan<byte> WithoutBom(byte[]? bytes)
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

    private static bool IsWellFormedJson(ReadOnlySpan<byte> content, JsonSerializerOptions json)
    {
        try
        {
            var readerOptions = new JsonReaderOptions { CommentHandling = json.ReadCommentHandling, AllowTrailingCommas = json.AllowTrailingCommas, MaxDepth = json.MaxDepth };
            var reader = new Utf8JsonReader(content, readerOptions);
            while (reader.Read())
            {
            }

            return reader.BytesConsumed == content.Length || IsBlank(content[(int)reader.BytesConsumed..]);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string FullPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetFullPath(path);
    }

    private static T CreateEmpty<T>()
    {
        var type = typeof(T);
        if (type == typeof(string))
        {
            return (T)(object)string.Empty;
        }

        if (type.IsArray)
        {
            return (T)(object)Array.CreateInstance(type.GetElementType()!, 0);
        }

        if (!type.IsValueType && !type.IsAbstract && type.GetConstructor(Type.EmptyTypes) is not null)
        {
            return Activator.CreateInstance<T>();
        }

        return default!;
    }

    private static T RunSynchronously<T>(ValueTask<T> task)
    {
        // With synchronous: true nothing inside awaits anything that is not already complete.
        Debug.Assert(task.IsCompleted, "A synchronous update must complete synchronously.");
        return task.GetAwaiter().GetResult();
    }
}
