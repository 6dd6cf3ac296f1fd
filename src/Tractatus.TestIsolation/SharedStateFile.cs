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
/// <para>A path through symbolic links is resolved first: every path to one file takes one lock, and an update
/// replaces the link's target, so the link stays a link. The lock file itself is never opened through a link, and
/// never rewritten unless it holds only this library's holder line.</para>
/// <para>A file that is not valid JSON (or is empty) is read again until it stops changing, because a writer that
/// ignores the lock may be halfway through rewriting it. If it stays invalid it is never overwritten: it is moved to
/// <c>&lt;file&gt;.corrupt-&lt;time&gt;</c> and a <see cref="SharedStateFileCorruptException"/> names both paths.
/// An empty file counts as missing.</para>
/// <para>When the file is missing, <c>Update</c> starts from the seed; without one, from what an empty JSON value
/// gives for <c>T</c>: <c>{}</c> for objects and records (constructor parameters and properties at
/// their defaults), <c>[]</c> for arrays and collections, <c>""</c> for strings, <c>default</c> for value types.</para>
/// <para>All writers must go through this class (or at least take the same lock): a plain <c>File.WriteAllText</c> elsewhere is not kept out.</para>
/// </remarks>
public static class SharedStateFile
{
    /// <summary>Applies <paramref name="transform"/> to the file's JSON content under the lock and writes the result back.</summary>
    /// <returns>The value written.</returns>
    /// <exception cref="SharedStateFileLockTimeoutException">The lock was not obtained within <see cref="SharedStateFileOptions.Timeout"/>.</exception>
    /// <exception cref="SharedStateFileCorruptException">The file is not valid JSON; it was moved aside, not overwritten.</exception>
    /// <exception cref="SharedStateFileLockingUnavailableException">File locking does not work in this process.</exception>
    /// <exception cref="InvalidOperationException">The file is missing and no empty <typeparamref name="T"/> can be made from <c>{}</c> or <c>[]</c>; use the overload with a seed.</exception>
    /// <exception cref="IOException">The path is a directory, its lock file is a link or not one this library wrote, or another process kept the file open exclusively.</exception>
    public static T Update<T>(string path, Func<T, T> transform, SharedStateFileOptions? options = null) =>
        Update(path, () => EmptyValue<T>(path, (options ?? SharedStateFileOptions.Default).JsonOrDefault), transform, options);

    /// <summary>Like <see cref="Update{T}(string, Func{T, T}, SharedStateFileOptions?)"/>, starting from <paramref name="seed"/>() when the file is missing or empty.</summary>
    public static T Update<T>(string path, Func<T> seed, Func<T, T> transform, SharedStateFileOptions? options = null) =>
        RunSynchronously(UpdateJsonAsync(path, seed, transform, options, synchronous: true, CancellationToken.None));

    /// <summary>Applies <paramref name="transform"/> to the file's text (<c>""</c> when missing) under the lock and writes the result back as UTF-8.</summary>
    /// <returns>The text written.</returns>
    public static string UpdateText(string path, Func<string, string> transform, SharedStateFileOptions? options = null) =>
        RunSynchronously(UpdateTextCoreAsync(path, transform, options, synchronous: true, CancellationToken.None));

    /// <summary>Asynchronous <see cref="Update{T}(string, Func{T, T}, SharedStateFileOptions?)"/>: waits for the lock without blocking a thread.</summary>
    public static Task<T> UpdateAsync<T>(string path, Func<T, T> transform, SharedStateFileOptions? options = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(path, () => EmptyValue<T>(path, (options ?? SharedStateFileOptions.Default).JsonOrDefault), transform, options, cancellationToken);

    /// <summary>Asynchronous <see cref="Update{T}(string, Func{T}, Func{T, T}, SharedStateFileOptions?)"/>.</summary>
    public static Task<T> UpdateAsync<T>(string path, Func<T> seed, Func<T, T> transform, SharedStateFileOptions? options = null, CancellationToken cancellationToken = default) =>
        UpdateJsonAsync(path, seed, transform, options, synchronous: false, cancellationToken).AsTask();

    /// <summary>Asynchronous <see cref="UpdateText"/>.</summary>
    public static Task<string> UpdateTextAsync(string path, Func<string, string> transform, SharedStateFileOptions? options = null, CancellationToken cancellationToken = default) =>
        UpdateTextCoreAsync(path, transform, options, synchronous: false, cancellationToken).AsTask();

    /// <summary>
    /// Reads the file's JSON content; <c>default</c> when it is missing or empty. Takes no lock: updates replace
    /// the file in one rename, so a reader sees a whole version.
    /// </summary>
    /// <exception cref="SharedStateFileCorruptException">The file is not valid JSON (it is left where it is; the next update moves it aside).</exception>
    public static T? Read<T>(string path, SharedStateFileOptions? options = null)
    {
        options ??= SharedStateFileOptions.Default;
        var full = StateFilePath.Resolve(path);
        var (bytes, kind) = RunSynchronously(StateFileContent.ReadSettledAsync(full, options, synchronous: true, CancellationToken.None));
        if (kind == StateFileContent.Kind.Invalid)
        {
            throw new SharedStateFileCorruptException(full, null, $"Shared state file '{full}' is not valid JSON ({StateFileContent.JsonError(bytes!, options)}). It was left as it is; the next update will move it aside to a .corrupt- copy and start from an empty state.");
        }

        return kind == StateFileContent.Kind.Json ? Deserialize<T?>(full, bytes!, static () => default, options) : default;
    }

    /// <summary>Reads the file's text; null when it is missing. Takes no lock (see <see cref="Read{T}"/>).</summary>
    public static string? ReadText(string path)
    {
        var full = StateFilePath.Resolve(path);
        var bytes = AtomicFile.ReadAllBytesOrNull(full);
        return bytes is null ? null : DecodeText(bytes);
    }

    private static ValueTask<T> UpdateJsonAsync<T>(string path, Func<T> seed, Func<T, T> transform, SharedStateFileOptions? options, bool synchronous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(transform);
        options ??= SharedStateFileOptions.Default;
        return UpdateCoreAsync(path, full => ReadJsonUnderLockAsync(full, seed, options, synchronous, cancellationToken), transform, value => Serialize(value, options), options, synchronous, cancellationToken);
    }

    private static ValueTask<string> UpdateTextCoreAsync(string path, Func<string, string> transform, SharedStateFileOptions? options, bool synchronous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transform);
        options ??= SharedStateFileOptions.Default;
        return UpdateCoreAsync(path, static full => ValueTask.FromResult(DecodeText(AtomicFile.ReadAllBytesOrNull(full))), transform, EncodeText, options, synchronous, cancellationToken);
    }

    private static async ValueTask<T> UpdateCoreAsync<T>(string path, Func<string, ValueTask<T>> read, Func<T, T> transform, Func<T, byte[]> serialize, SharedStateFileOptions options, bool synchronous, CancellationToken cancellationToken)
    {
        var full = StateFilePath.Resolve(path);
        using var held = await SharedFileLock.AcquireAsync(full, options, synchronous, cancellationToken).ConfigureAwait(false);
        var current = await read(full).ConfigureAwait(false);
        T next;
        using (SharedFileLock.EnterTransform(full))
        {
            next = transform(current);
        }

        AtomicFile.Replace(full, serialize(next), options.FlushToDisk);
        CleanUpIfDue(full, held.Gate, options);
        return next;
    }

    private static async ValueTask<T> ReadJsonUnderLockAsync<T>(string full, Func<T> seed, SharedStateFileOptions options, bool synchronous, CancellationToken cancellationToken)
    {
        var (bytes, kind) = await StateFileContent.ReadSettledAsync(full, options, synchronous, cancellationToken).ConfigureAwait(false);
        switch (kind)
        {
            case StateFileContent.Kind.Json:
                return Deserialize(full, bytes!, seed, options);
            case StateFileContent.Kind.Invalid:
                var copy = AtomicFile.MoveAside(full, options.TimeProvider);
                throw new SharedStateFileCorruptException(full, copy, $"Shared state file '{full}' is not valid JSON ({StateFileContent.JsonError(bytes!, options)}), and it stayed so when read again. It was moved to '{copy}' and nothing was overwritten; inspect or restore that copy. The next update starts from an empty state.");
            default:
                return seed();
        }
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

    private static T Deserialize<T>(string full, byte[] bytes, Func<T> seed, SharedStateFileOptions options)
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(StateFileContent.WithoutBom(bytes), options.JsonOrDefault);
            return value is null ? seed() : value;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Shared state file '{full}' is valid JSON but does not fit {typeof(T).Name} ({ex.Message}). The file was left as it is; read it with the type it was written with.", ex);
        }
    }

    /// <summary>
    /// The starting value when the file is missing and no seed was given: what <c>{}</c> (objects, records,
    /// dictionaries) or <c>[]</c> (arrays, collections) deserializes to, so <c>c =&gt; c with { ... }</c> works on a
    /// positional record; <c>""</c> for strings; <c>default</c> for value types.
    /// </summary>
    private static T EmptyValue<T>(string path, JsonSerializerOptions json)
    {
        var type = typeof(T);
        if (type == typeof(string))
        {
            return (T)(object)string.Empty;
        }

        if (type.IsValueType)
        {
            return default!;
        }

        // Objects, records and dictionaries come from {}, arrays and collections from []; trying both asks the
        // serializer itself (with the caller's options) instead of guessing which kind it sees.
        Exception? error = null;
        foreach (var empty in (ReadOnlySpan<string>)["{}", "[]"])
        {
            try
            {
                if (JsonSerializer.Deserialize<T>(empty, json) is { } value)
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
            {
                error ??= ex;
            }
        }

        var name = ReadableName(type);
        throw new InvalidOperationException($"Shared state file '{path}' does not exist yet, and SharedStateFile cannot make an empty {name} to start from (neither {{}} nor [] deserializes to one: {error?.Message}). Pass the starting value: SharedStateFile.Update(path, () => new {name}(...), transform).", error);
    }

    private static string ReadableName(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(ReadableName))}>"
        : type.Name;

    private static byte[] Serialize<T>(T value, SharedStateFileOptions options) => JsonSerializer.SerializeToUtf8Bytes(value, options.JsonOrDefault);

    private static string DecodeText(byte[]? bytes) => bytes is null ? string.Empty : Encoding.UTF8.GetString(StateFileContent.WithoutBom(bytes));

    private static byte[] EncodeText(string text) =>
        Encoding.UTF8.GetBytes(text ?? throw new InvalidOperationException("The UpdateText transform returned null; return the new text (\"\" for an empty file)."));

    private static T RunSynchronously<T>(ValueTask<T> task)
    {
        // With synchronous: true nothing inside awaits anything that is not already complete.
        Debug.Assert(task.IsCompleted, "A synchronous update must complete synchronously.");
        return task.GetAwaiter().GetResult();
    }
}
