using Npgsql;
using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.PostgreSql;

/// <summary>Settings of <see cref="PostgreSqlDatabaseProvider"/>.</summary>
public sealed record PostgreSqlProviderOptions
{
    /// <summary>The environment variable <see cref="FromEnvironment"/> reads the connection string from.</summary>
    public const string ConnectionStringVariable = "TRACTATUS_POSTGRES_CONNECTION_STRING";

    /// <summary>
    /// Npgsql connection string of a maintenance database (usually <c>postgres</c>) as a role that may
    /// <c>CREATE DATABASE</c>. Session databases are reached with the same settings and their own name.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// How long opening a connection may take before the provider gives up with a message naming the
    /// server. Default 3 seconds (Npgsql's own default is 15); it replaces the connection string's
    /// <c>Timeout</c>. Whole seconds, at least 1.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long leases of databases this provider creates live without a heartbeat. Null (default):
    /// the creating session's <see cref="TestSessionOptions.Lease"/>, which <c>TRACTATUS_LEASE_TTL_SECONDS</c> sets.
    /// </summary>
    public LeaseOptions? Lease { get; init; }

    /// <summary>
    /// A template database every session database is cloned from (<c>CREATE DATABASE … TEMPLATE</c>),
    /// so the schema is built once instead of once per session. Without <see cref="Migrate"/> this
    /// names an existing database that you maintain. With <see cref="Migrate"/> it is the base name of
    /// a template this provider builds: <c>&lt;TemplateDatabase&gt;_&lt;12 hex digits of the hash of TemplateKey&gt;</c>.
    /// </summary>
    public string? TemplateDatabase { get; init; }

    /// <summary>
    /// Identifies the schema the template holds, e.g. a hash of your migration scripts. A new key builds
    /// a new template; the same key on any machine reuses the one already built. Required with
    /// <see cref="Migrate"/>.
    /// </summary>
    public string? TemplateKey { get; init; }

    /// <summary>
    /// Builds the template's schema and seed data on an open connection to the new template database.
    /// Runs once per <see cref="TemplateKey"/> and server, under an advisory lock, even when many
    /// sessions on many machines start at once.
    /// </summary>
    public Func<NpgsqlConnection, Task>? Migrate { get; init; }

    /// <summary>
    /// How long a session waits for another session that is building the template (running <see cref="Migrate"/>)
    /// before failing with a message that names the process holding the build lock. Default 10 minutes.
    /// </summary>
    public TimeSpan TemplateBuildTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many clones of the template to keep ready in the background (default 0: none, every create clones
    /// while the caller waits). Only used with a template. Cloning takes a few hundred milliseconds even for a
    /// small schema; with a pool, a create hands out a ready clone and a background clone replaces it. Pooled
    /// databases belong to the session and prefix of the provider's first create (other sessions and prefixes
    /// clone on demand), carry an ordinary lease (renewed by heartbeats, swept after a crash) and are dropped
    /// by <see cref="PostgreSqlDatabaseProvider.DisposeAsync"/> when never handed out.
    /// </summary>
    public int TemplatePoolSize { get; init; }

    /// <summary>
    /// Options with the connection string from <c>TRACTATUS_POSTGRES_CONNECTION_STRING</c>.
    /// Throws <see cref="InvalidOperationException"/> naming the variable when it is not set.
    /// </summary>
    public static PostgreSqlProviderOptions FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"The environment variable {ConnectionStringVariable} is not set. Set it to an Npgsql connection string of a maintenance database, "
                + "e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\", or pass PostgreSqlProviderOptions.ConnectionString.");
        }

        return new PostgreSqlProviderOptions { ConnectionString = value };
    }

    // A record prints every property; the connection string may hold a password, so it is left out.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ConnectionString = <redacted>")
            .Append(", ConnectTimeout = ").Append(ConnectTimeout)
            .Append(", Lease = ").Append(Lease)
            .Append(", TemplateDatabase = ").Append(TemplateDatabase)
            .Append(", TemplateKey = ").Append(TemplateKey)
            .Append(", TemplateBuildTimeout = ").Append(TemplateBuildTimeout)
            .Append(", TemplatePoolSize = ").Append(TemplatePoolSize);
        return true;
    }
}
