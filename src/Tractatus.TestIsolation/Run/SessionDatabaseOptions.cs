using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.Run;

/// <summary>How <see cref="SessionDatabase.CreateAsync(Databases.IIsolatedDatabaseProvider, SessionDatabaseOptions?, CancellationToken)"/> creates and keeps a session database.</summary>
public sealed record SessionDatabaseOptions
{
    /// <summary>Prefix of the database name. Default: the session's <see cref="TestSessionOptions.DatabasePrefix"/>.</summary>
    public string? Prefix { get; init; }

    /// <summary>The owning session. Default: the active <see cref="SessionRun"/>'s, else <see cref="TestSession.Current"/>.</summary>
    public TestSession? Session { get; init; }

    /// <summary>
    /// Lease settings whose heartbeat interval renews the database. Default: the session's (<c>TRACTATUS_LEASE_TTL_SECONDS</c>).
    /// A provider configured with a shorter time to live must be matched here, or its lease lapses between beats.
    /// </summary>
    public LeaseOptions? Lease { get; init; }

    /// <summary>
    /// True when the <see cref="SessionDatabase"/> owns the provider: it disposes the provider after dropping the
    /// database (or, when the drop fails, the end of the run does). Default false: the caller disposes it.
    /// </summary>
    public bool DisposeProvider { get; init; }
}
