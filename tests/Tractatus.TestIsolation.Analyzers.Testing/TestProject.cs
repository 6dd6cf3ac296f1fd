namespace Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

/// <summary>
/// Which references a test source compiles against. Every project gets the .NET 10 framework and
/// the libraries the rules recognise (<see cref="TestReferences.Libraries"/>); the flags add a test
/// framework and this repository's runtime.
/// </summary>
[Flags]
public enum TestProject
{
    /// <summary>Framework and libraries only: tooling or production code.</summary>
    Libraries = 0,

    /// <summary>Same as <see cref="Libraries"/>: code that is not a test project.</summary>
    NonTest = Libraries,

    /// <summary>Plus xUnit v2: a typical integration test project.</summary>
    Xunit = 1,

    /// <summary>Plus Tractatus.TestIsolation (TestSession, SharedStateFile, DatabaseNameRules); the test project must reference it.</summary>
    Runtime = 2,

    /// <summary>Plus Tractatus.TestIsolation.Xunit (SessionIsolatedFixture); the test project must reference it.</summary>
    RuntimeXunit = 4,

    /// <summary>Plus NUnit.</summary>
    NUnit = 8,

    /// <summary>Plus MSTest.</summary>
    MSTest = 16,

    /// <summary>A test project using the whole runtime: the usual target of the TI1xxx fixes.</summary>
    IsolatedTests = Xunit | Runtime | RuntimeXunit,

    /// <summary>Tooling code that references the core runtime: the usual target of the TI2xxx fixes.</summary>
    Tooling = Runtime,
}
