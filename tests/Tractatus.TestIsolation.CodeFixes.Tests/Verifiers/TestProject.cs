namespace Tractatus.TestIsolation.CodeFixes.Tests.Verifiers;

/// <summary>Which references a test source compiles against.</summary>
[Flags]
public enum TestProject
{
    /// <summary>Framework and MongoDB.Driver/Npgsql only: tooling code without the runtime.</summary>
    Libraries = 0,

    /// <summary>Plus xUnit v2: test code.</summary>
    Xunit = 1,

    /// <summary>Plus Tractatus.TestIsolation.</summary>
    Runtime = 2,

    /// <summary>Plus Tractatus.TestIsolation.Xunit.</summary>
    RuntimeXunit = 4,

    /// <summary>A test project using the whole runtime: the usual target of the TI1xxx fixes.</summary>
    IsolatedTests = Xunit | Runtime | RuntimeXunit,

    /// <summary>Tooling code that references the core runtime: the usual target of the TI2xxx fixes.</summary>
    Tooling = Runtime,
}
