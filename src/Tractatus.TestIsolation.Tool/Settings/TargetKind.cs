namespace Tractatus.TestIsolation.Tool.Settings;

/// <summary>The kinds of place where sessions own resources.</summary>
internal enum TargetKind
{
    /// <summary>A PostgreSQL server (session databases).</summary>
    PostgreSql,

    /// <summary>A MongoDB server (session databases).</summary>
    MongoDB,

    /// <summary>A folder of SQLite session database files.</summary>
    Sqlite,

    /// <summary>A state root whose <c>sessions/</c> folder holds session state directories.</summary>
    StateDirectory,
}
