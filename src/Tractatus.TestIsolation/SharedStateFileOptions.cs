using System.Text.Json;

namespace Tractatus.TestIsolation;

/// <summary>How <see cref="SharedStateFile"/> waits, serializes and writes.</summary>
public sealed record SharedStateFileOptions
{
    /// <summary>Default <see cref="Timeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The defaults.</summary>
    public static SharedStateFileOptions Default { get; } = new();

    /// <summary>How long to wait for the lock (in-process and cross-process together) before a <see cref="SharedStateFileLockTimeoutException"/>.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Serializer settings for <see cref="SharedStateFile.Update{T}(string, Func{T, T}, SharedStateFileOptions?)"/>; default: indented, case-insensitive reads.</summary>
    public JsonSerializerOptions? Json { get; init; }

    /// <summary>
    /// Flush the new content to disk (<c>fsync</c>) before the rename, so a power loss leaves the old or the new
    /// file, never an empty one. Default true; turn off only for throwaway state.
    /// </summary>
    public bool FlushToDisk { get; init; } = true;

    /// <summary>Temporary files of crashed writers older than this are deleted (while the lock is held). Default 5 minutes.</summary>
    public TimeSpan StaleTempFileAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Session id written into the lock file as the holder; default the ambient <see cref="TestSession"/>'s, when one is running.</summary>
    public string? HolderSessionId { get; init; }

    /// <summary>
    /// The clock for lock-wait timeouts, the holder's "since" stamp and the names of <c>.corrupt-</c> copies; default
    /// <see cref="TimeProvider.System"/>. Tests pass a fake one so they never wait on the wall clock.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal static readonly JsonSerializerOptions DefaultJson = new(JsonSerializerDefaults.General)
    {
        WriteIndented = true,
        PropertyNameCaseInsensitive = true,
    };

    internal JsonSerializerOptions JsonOrDefault => Json ?? DefaultJson;
}
