namespace DocumentApi;

/// <summary>
/// Settings the demo suites read from the environment; build/demo.sh and the stress tests set them
/// per session. Every setting has a default so `dotnet test` on a suite works on its own (SQLite).
/// </summary>
public static class DemoEnvironment
{
    /// <summary><c>sqlite</c> (default), <c>postgres</c> or <c>mongodb</c>.</summary>
    public static string Provider => Read("TRACTATUS_DEMO_PROVIDER") switch
    {
        null or "sqlite" => "sqlite",
        "postgres" or "postgresql" => "postgres",
        "mongodb" or "mongo" => "mongodb",
        var other => throw new InvalidOperationException($"TRACTATUS_DEMO_PROVIDER is '{other}'; use sqlite, postgres or mongodb."),
    };

    /// <summary>The folder every session of a demo shares: SQLite file of the naive suite, instruction history, session state.</summary>
    public static string SharedDirectory => Read("TRACTATUS_DEMO_SHARED_DIR") ?? Path.Combine(Path.GetTempPath(), "tractatus-demo", "shared");

    /// <summary>Where each session writes its report (what it appended and counted); null: no report.</summary>
    public static string? ReportDirectory => Read("TRACTATUS_DEMO_REPORT_DIR");

    /// <summary>How long a test "works" with its document before re-reading it (milliseconds, default 400).</summary>
    public static TimeSpan WorkTime => TimeSpan.FromMilliseconds(ReadInt("TRACTATUS_DEMO_WORK_MS", 400));

    /// <summary>How often the tooling records an instruction while the tests run (milliseconds, default 15).</summary>
    public static TimeSpan RecordInterval => TimeSpan.FromMilliseconds(ReadInt("TRACTATUS_DEMO_RECORD_INTERVAL_MS", 15));

    /// <summary>PostgreSQL maintenance connection string (the provider's variable, else the test script's).</summary>
    public static string PostgresConnectionString =>
        Read("TRACTATUS_POSTGRES_CONNECTION_STRING") ?? Read("TRACTATUS_TEST_POSTGRES")
        ?? throw new InvalidOperationException("TRACTATUS_DEMO_PROVIDER=postgres needs TRACTATUS_POSTGRES_CONNECTION_STRING (or TRACTATUS_TEST_POSTGRES): run `eval \"$(build/services/postgres.sh)\"` or point it at a server.");

    /// <summary>MongoDB connection string (the provider's variable, else the test script's).</summary>
    public static string MongoConnectionString =>
        Read("TRACTATUS_MONGODB_URI") ?? Read("TRACTATUS_TEST_MONGODB_URI") ?? Read("TRACTATUS_TEST_MONGODB_WIRE_URI")
        ?? throw new InvalidOperationException("TRACTATUS_DEMO_PROVIDER=mongodb needs TRACTATUS_MONGODB_URI: run `eval \"$(build/services/mongodb-wire.sh)\"` or point it at a server.");

    private static string? Read(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static int ReadInt(string name, int fallback) =>
        int.TryParse(Read(name), out var value) && value >= 0 ? value : fallback;
}
