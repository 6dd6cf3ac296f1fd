using System.CommandLine;
using Tractatus.TestIsolation.MongoDB;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;
using Tractatus.TestIsolation.Tool.Settings;

namespace Tractatus.TestIsolation.Tool.Cli;

/// <summary>The options that name targets, shared by <c>run</c>, <c>list</c> and <c>sweep</c>.</summary>
internal sealed class TargetOptions
{
    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = $"Npgsql connection string of a maintenance database on the PostgreSQL server. Default: ${PostgreSqlProviderOptions.ConnectionStringVariable}.",
        HelpName = "connection-string",
    };

    public Option<string?> MongoDb { get; } = new("--mongodb")
    {
        Description = $"MongoDB connection string (mongodb:// or mongodb+srv://). Default: ${MongoProviderOptions.ConnectionStringVariable}.",
        HelpName = "uri",
    };

    public Option<string?> Sqlite { get; } = new("--sqlite")
    {
        Description = $"Folder of SQLite session databases. Default: ${SqliteProviderOptions.FolderVariable}, else the SQLite provider's default folder.",
        HelpName = "folder",
    };

    public Option<string?> State { get; } = new("--state")
    {
        Description = "State root whose sessions/ folder holds session state directories (e.g. .claude).",
        HelpName = "folder",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Postgres);
        command.Options.Add(MongoDb);
        command.Options.Add(Sqlite);
        command.Options.Add(State);
    }

    public SettingsResolver.Given Read(ParseResult parse, double? leaseSeconds = null) =>
        new(parse.GetValue(Postgres), parse.GetValue(MongoDb), parse.GetValue(Sqlite), parse.GetValue(State), leaseSeconds);
}
