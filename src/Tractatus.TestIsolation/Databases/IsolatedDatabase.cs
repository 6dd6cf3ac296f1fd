namespace Tractatus.TestIsolation.Databases;

/// <summary>A session-scoped database a provider created.</summary>
/// <param name="Provider">The provider's <see cref="IIsolatedDatabaseProvider.Name"/>.</param>
/// <param name="Name">The database name (for SQLite, the file name without folder).</param>
/// <param name="ConnectionString">A connection string that opens this database; never printed (<see cref="object.ToString"/> redacts it), may hold a password.</param>
/// <param name="DisplayName">Where the database is, with any password redacted, for messages.</param>
public sealed record IsolatedDatabase(string Provider, string Name, string ConnectionString, string DisplayName)
{
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
