namespace Tractatus.TestIsolation.Databases;

/// <summary>A session-scoped database a provider created; open it with the provider's <c>OpenConnectionAsync</c>.</summary>
public sealed record IsolatedDatabase
{
    internal IsolatedDatabase(string provider, string name, string connectionString, string displayName)
    {
        Provider = provider;
        Name = name;
        ConnectionString = connectionString;
        DisplayName = displayName;
    }

    /// <summary>The provider's <see cref="IIsolatedDatabaseProvider.Name"/>.</summary>
    public string Provider { get; }

    /// <summary>The database name (for SQLite, the file name without folder).</summary>
    public string Name { get; }

    /// <summary>
    /// A connection string that opens this database, for code that takes one (an ORM, the repository under test).
    /// It may hold a password, so it is never printed: <see cref="object.ToString"/> redacts it.
    /// </summary>
    public string ConnectionString { get; }

    /// <summary>Where the database is, with any password redacted, for messages.</summary>
    public string DisplayName { get; }

    // A record prints every property; the connection string may hold a password, so it is left out.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Provider = ").Append(Provider)
            .Append(", Name = ").Append(Name)
            .Append(", ConnectionString = <redacted>")
            .Append(", DisplayName = ").Append(DisplayName);
        return true;
    }
}
