using System.Globalization;
using MongoDB.Driver;
using Npgsql;
using Tractatus.TestIsolation.MongoDB;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;

namespace Tractatus.TestIsolation.Tool.Settings;

/// <summary>
/// Turns options and the library's environment variables into checked targets. An option wins over its variable;
/// every secret is handed to the redactor before anything can print it.
/// </summary>
internal static class SettingsResolver
{
    /// <summary>The options of a command line, null where not given.</summary>
    internal sealed record Given(string? Postgres, string? MongoDb, string? Sqlite, string? State, double? LeaseSeconds);

    /// <summary>Which SQLite folder to use when neither <c>--sqlite</c> nor its variable is set.</summary>
    internal enum SqliteDefault
    {
        /// <summary>The library's default folder, always (a <c>run</c>'s tests may use it without saying so).</summary>
        Always,

        /// <summary>The library's default folder only when no other target is configured.</summary>
        WhenNothingElse,
    }

    /// <exception cref="SettingsException">A value cannot be used; the message names its option or variable.</exception>
    public static ToolSettings Resolve(Given given, Func<string, string?> getVariable, SecretRedactor redactor, SqliteDefault sqliteDefault)
    {
        var targets = new List<TargetSetting>();

        var postgres = Pick(given.Postgres, "--postgres", PostgreSqlProviderOptions.ConnectionStringVariable, getVariable);
        if (postgres is not null)
        {
            redactor.AddConnectionString(postgres.Value.Value);
            CheckPostgres(postgres.Value.Value, postgres.Value.Source);
            targets.Add(new TargetSetting(TargetKind.PostgreSql, postgres.Value.Value, postgres.Value.Source));
        }

        var mongo = Pick(given.MongoDb, "--mongodb", MongoProviderOptions.ConnectionStringVariable, getVariable);
        if (mongo is not null)
        {
            redactor.AddUri(mongo.Value.Value);
            CheckMongo(mongo.Value.Value, mongo.Value.Source);
            targets.Add(new TargetSetting(TargetKind.MongoDB, mongo.Value.Value, mongo.Value.Source));
        }

        var sqlite = Pick(given.Sqlite, "--sqlite", SqliteProviderOptions.FolderVariable, getVariable);
        if (sqlite is not null)
        {
            targets.Add(new TargetSetting(TargetKind.Sqlite, CheckFolder(sqlite.Value.Value, sqlite.Value.Source), sqlite.Value.Source));
        }
        else if (sqliteDefault == SqliteDefault.Always || (targets.Count == 0 && string.IsNullOrWhiteSpace(given.State)))
        {
            targets.Add(new TargetSetting(TargetKind.Sqlite, SqliteProviderOptions.DefaultFolder(), "the SQLite provider's default folder"));
        }

        if (!string.IsNullOrWhiteSpace(given.State))
        {
            targets.Add(new TargetSetting(TargetKind.StateDirectory, CheckFolder(given.State, "--state"), "--state"));
        }

        return new ToolSettings(targets, LeaseTimeToLive(given.LeaseSeconds, getVariable));
    }

    private static (string Value, string Source)? Pick(string? option, string optionName, string variable, Func<string, string?> getVariable)
    {
        if (option is not null)
        {
            return string.IsNullOrWhiteSpace(option)
                ? throw new SettingsException($"{optionName} was given an empty value. Pass a value or leave the option out to use {variable}.")
                : (option.Trim(), optionName);
        }

        var fromEnvironment = getVariable(variable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : (fromEnvironment.Trim(), variable);
    }

    private static void CheckPostgres(string connectionString, string source)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new SettingsException($"{source} has no Host. Pass an Npgsql connection string such as \"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\".");
            }
        }
        catch (ArgumentException ex)
        {
            throw new SettingsException($"{source} is not a valid Npgsql connection string ({ex.Message}). Pass one such as \"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\".", ex);
        }
    }

    private static void CheckMongo(string uri, string source)
    {
        try
        {
            _ = MongoUrl.Create(uri);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            throw new SettingsException($"{source} is not a valid MongoDB connection string ({ex.Message}). Pass one such as \"mongodb://127.0.0.1:27017\".", ex);
        }
    }

    private static string CheckFolder(string folder, string source)
    {
        string full;
        try
        {
            full = Path.GetFullPath(folder);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new SettingsException($"{source} '{folder}' is not a usable path ({ex.Message}).", ex);
        }

        if (File.Exists(full))
        {
            throw new SettingsException($"{source} '{full}' is a file; it must name a folder.");
        }

        return full;
    }

    private static TimeSpan? LeaseTimeToLive(double? seconds, Func<string, string?> getVariable)
    {
        if (seconds is null)
        {
            var variable = getVariable(TestSessionOptions.LeaseTimeToLiveVariable);
            if (string.IsNullOrWhiteSpace(variable))
            {
                return null;
            }

            if (!double.TryParse(variable.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                throw new SettingsException($"{TestSessionOptions.LeaseTimeToLiveVariable}='{variable}' is not a number of seconds. Set it between 1 and 86400, or unset it for the default.");
            }

            seconds = parsed;
        }

        return seconds is >= 1 and <= 86400
            ? TimeSpan.FromSeconds(seconds.Value)
            : throw new SettingsException($"The lease time to live must be between 1 and 86400 seconds, not {seconds.Value.ToString(CultureInfo.InvariantCulture)}.");
    }
}
