using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.Sqlite;

/// <summary>Where <see cref="SqliteDatabaseProvider"/> keeps session database files, and how long their leases live.</summary>
public sealed record SqliteProviderOptions
{
    /// <summary>Environment variable that overrides the default <see cref="Folder"/>.</summary>
    public const string FolderVariable = "TRACTATUS_SQLITE_FOLDER";

    /// <summary>
    /// Folder for the session database files. Default: <c>TRACTATUS_SQLITE_FOLDER</c> when set, else the per-user
    /// <c>&lt;temp&gt;/tractatus-testisolation-&lt;user&gt;/sqlite</c>, created with mode 0700 and refused when it is a
    /// link, belongs to another user or is open to others. Every run of this user that should sweep each other's
    /// crashed sessions must use the same folder.
    /// </summary>
    public string Folder { get; init; } = DefaultFolder();

    /// <summary>Lease time to live; a crashed session's file is swept once its lease is this old and its lock is free.</summary>
    public LeaseOptions Lease { get; init; } = new();

    /// <summary>Defaults for <paramref name="session"/>: the folder from the environment and the session's lease settings.</summary>
    public static SqliteProviderOptions For(TestSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new SqliteProviderOptions { Lease = session.Options.Lease };
    }

    /// <summary>The folder used when <see cref="Folder"/> is not set.</summary>
    public static string DefaultFolder()
    {
        var configured = Environment.GetEnvironmentVariable(FolderVariable);
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(DefaultUserFolder(), "sqlite")
            : configured.Trim();
    }

    /// <summary>The private per-user folder under temp that holds the default SQLite folder.</summary>
    internal static string DefaultUserFolder()
    {
        var user = new string(Environment.UserName.ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' ? c : '_').ToArray());
        return Path.Combine(Path.GetTempPath(), "tractatus-testisolation-" + (user.Length == 0 ? "user" : user));
    }
}
