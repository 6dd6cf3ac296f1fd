using System.Text.RegularExpressions;
using DocumentApi;
using MongoDB.Driver;
using Npgsql;

namespace DemoRunner;

/// <summary>Which demo databases exist on the provider: the naive suite's fixed one, and session databases of the isolated suite.</summary>
internal static partial class Inventory
{
    public const string NaiveDatabase = "tractatus_demo";

    /// <summary>The naive suite's fixed database (SQLite: its file in the shared folder), if it exists.</summary>
    public static async Task<IReadOnlyList<string>> NaiveAsync(string provider, string sharedDirectory) => provider switch
    {
        "postgres" => (await PostgresDatabasesAsync()).Where(n => n == NaiveDatabase).ToList(),
        "mongodb" => (await MongoDatabasesAsync()).Where(n => n == NaiveDatabase).ToList(),
        _ => Directory.Exists(sharedDirectory) ? Directory.GetFiles(sharedDirectory, "*.db").Select(Path.GetFileName).OfType<string>().ToList() : [],
    };

    /// <summary>Session databases named <c>&lt;prefix&gt;_&lt;session id&gt;[_n]</c> (SQLite: files in the session folder).</summary>
    public static async Task<IReadOnlyList<string>> IsolatedAsync(string provider, string prefix, string sqliteFolder)
    {
        var names = provider switch
        {
            "postgres" => await PostgresDatabasesAsync(),
            "mongodb" => await MongoDatabasesAsync(),
            _ => Directory.Exists(sqliteFolder) ? Directory.GetFiles(sqliteFolder, "*.db").Select(p => Path.GetFileNameWithoutExtension(p)).ToList() : [],
        };
        return names.Where(n => n.StartsWith(prefix + "_", StringComparison.Ordinal) && SessionName().IsMatch(n[(prefix.Length + 1)..])).ToList();
    }

    /// <summary>Removes the naive suite's database so each demo starts from the same empty state.</summary>
    public static async Task ResetNaiveAsync(string provider)
    {
        switch (provider)
        {
            case "postgres":
                await using (var connection = new NpgsqlConnection(DemoEnvironment.PostgresConnectionString))
                {
                    await connection.OpenAsync();
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {NaiveDatabase} WITH (FORCE)", connection);
                    await drop.ExecuteNonQueryAsync();
                }

                break;
            case "mongodb":
                await new MongoClient(DemoEnvironment.MongoConnectionString).DropDatabaseAsync(NaiveDatabase);
                break;
        }
    }

    private static async Task<List<string>> PostgresDatabasesAsync()
    {
        await using var connection = new NpgsqlConnection(DemoEnvironment.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE NOT datistemplate", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<List<string>> MongoDatabasesAsync()
    {
        var client = new MongoClient(DemoEnvironment.MongoConnectionString);
        return await (await client.ListDatabaseNamesAsync()).ToListAsync();
    }

    [GeneratedRegex(@"^[0-9a-z]{15}(_[0-9]+)?$")]
    private static partial Regex SessionName();
}
