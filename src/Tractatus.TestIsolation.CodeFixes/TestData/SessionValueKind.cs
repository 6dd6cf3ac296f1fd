namespace Tractatus.TestIsolation.CodeFixes.TestData;

/// <summary>What a fixed value becomes per session.</summary>
internal enum SessionValueKind
{
    /// <summary><c>Slug("...")</c>.</summary>
    Slug,

    /// <summary><c>Email("...")</c>: plus addressing keeps the address valid.</summary>
    Email,

    /// <summary><c>DatabaseName("...", DatabaseNameRules.MongoDB)</c>.</summary>
    MongoDatabaseName,

    /// <summary><c>DatabaseName("...", DatabaseNameRules.PostgreSql)</c>.</summary>
    PostgreSqlDatabaseName,
}
