using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.MongoDB;

/// <summary>Settings of <see cref="MongoDatabaseProvider"/>.</summary>
public sealed record MongoProviderOptions
{
    /// <summary>The environment variable read when <see cref="ConnectionString"/> is not set.</summary>
    public const string ConnectionStringVariable = "TRACTATUS_MONGODB_URI";

    /// <summary>
    /// A MongoDB connection string (<c>mongodb://</c> or <c>mongodb+srv://</c>) for a user that may create
    /// and drop databases. A database named in its path is ignored for data (each session gets its own)
    /// but still used as the authentication database when <c>authSource</c> is not given.
    /// Null: read <c>TRACTATUS_MONGODB_URI</c>.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// How long the driver looks for a usable server before failing. Default 3 seconds (the driver's own
    /// default is 30), so an unreachable server fails the run quickly with a message naming it.
    /// </summary>
    public TimeSpan ServerSelectionTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long opening one TCP connection may take. Default 3 seconds.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long leases of databases this provider creates live without a heartbeat. Null (default):
    /// the creating session's <see cref="TestSessionOptions.Lease"/>, which <c>TRACTATUS_LEASE_TTL_SECONDS</c> sets.
    /// </summary>
    public LeaseOptions? Lease { get; init; }

    /// <summary>
    /// Options with the connection string from <c>TRACTATUS_MONGODB_URI</c>.
    /// Throws <see cref="InvalidOperationException"/> naming the variable when it is not set.
    /// </summary>
    public static MongoProviderOptions FromEnvironment() => new() { ConnectionString = ReadVariable() };

    internal string ResolveConnectionString() => string.IsNullOrWhiteSpace(ConnectionString) ? ReadVariable() : ConnectionString;

    private static string ReadVariable()
    {
        var value = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"No MongoDB connection string: MongoProviderOptions.ConnectionString is not set and neither is the environment variable {ConnectionStringVariable}. "
                + "Set one of them, e.g. \"mongodb://127.0.0.1:27017\".");
        }

        return value;
    }

    // A record prints every property; the connection string may hold a password, so it is left out.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ConnectionString = <redacted>")
            .Append(", ServerSelectionTimeout = ").Append(ServerSelectionTimeout)
            .Append(", ConnectTimeout = ").Append(ConnectTimeout)
            .Append(", Lease = ").Append(Lease);
        return true;
    }
}
