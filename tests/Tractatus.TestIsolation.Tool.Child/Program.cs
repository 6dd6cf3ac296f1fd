using System.Diagnostics;
using Tractatus.TestIsolation;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.MongoDB;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;

// Usage: child <postgres|mongodb|sqlite>[,...] <prefix> <then>
//   then = exit  (leave the databases and exit 0: a test process that did not clean up)
//        | hang  (keep them, alive, until killed)
//        | kill  (SIGKILL itself: a crashed test process)
// Prints "SESSION <id>" and "CREATED <provider> <name>" per database, then "READY".
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: child <postgres|mongodb|sqlite>[,...] <prefix> <exit|hang|kill>");
    return 64;
}

var session = TestSession.Current;
Console.WriteLine($"SESSION {session.Id}");
var providers = new List<IIsolatedDatabaseProvider>();
foreach (var kind in args[0].Split(','))
{
    IIsolatedDatabaseProvider provider = kind switch
    {
        "postgres" => PostgreSqlDatabaseProvider.FromEnvironment(),
        "mongodb" => MongoDatabaseProvider.FromEnvironment(),
        "sqlite" => new SqliteDatabaseProvider(SqliteProviderOptions.For(session)),
        _ => throw new ArgumentException($"unknown provider '{kind}'"),
    };
    providers.Add(provider);
    var database = await provider.CreateDatabaseAsync(session, args[1]);
    Console.WriteLine($"CREATED {provider.Name} {database.Name}");
}

Console.WriteLine("READY");
Console.Out.Flush();
switch (args[2])
{
    case "kill":
        Process.GetCurrentProcess().Kill();
        break;
    case "hang":
        await Task.Delay(Timeout.Infinite);
        break;
}

return 0;
