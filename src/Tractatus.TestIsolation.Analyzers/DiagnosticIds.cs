namespace Tractatus.TestIsolation.Analyzers;

/// <summary>The stable rule ids. Never renumber a shipped id.</summary>
public static class DiagnosticIds
{
    /// <summary>A fixed identifier value in test data written to or filtered from a store.</summary>
    public const string FixedTestDataIdentifier = "TI1001";

    /// <summary>A hard-coded database name in test code.</summary>
    public const string HardCodedDatabaseName = "TI1002";

    /// <summary>A session id member initialized with a fixed string.</summary>
    public const string StaticSessionId = "TI1003";

    /// <summary>A teardown delete that also matches other sessions' data.</summary>
    public const string UnscopedTeardownDelete = "TI1004";

    /// <summary>A write to a shared state file without a cross-process lock.</summary>
    public const string UnlockedSharedStateWrite = "TI2001";

    /// <summary>A read-modify-write of one file without a cross-process lock across both.</summary>
    public const string UnlockedReadModifyWrite = "TI2002";
}
