namespace Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

/// <summary>Which references a test source compiles against.</summary>
public enum TestProject
{
    /// <summary>Libraries plus xUnit v2: a typical integration test project.</summary>
    Xunit,

    /// <summary>Libraries plus NUnit.</summary>
    NUnit,

    /// <summary>Libraries plus MSTest.</summary>
    MSTest,

    /// <summary>Libraries and no test framework: production or tooling code.</summary>
    NonTest,
}
