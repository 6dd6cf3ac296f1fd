using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>
/// Decides whether code is test code: by default, a compilation that references xUnit (v2 or v3),
/// NUnit, MSTest or TUnit; the <c>tractatus_isolation.test_code</c> option overrides it per file.
/// </summary>
internal sealed class TestCodeDetector
{
    // Assembly names of the frameworks' core libraries (what a test project references).
    private static readonly ImmutableHashSet<string> TestFrameworkAssemblies = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "xunit.core",
        "xunit.v3.core",
        "nunit.framework",
        "Microsoft.VisualStudio.TestPlatform.TestFramework",
        "MSTest.TestFramework",
        "TUnit.Core");

    private readonly IsolationOptionsProvider _options;

    public TestCodeDetector(Compilation compilation, IsolationOptionsProvider options)
    {
        _options = options;
        CompilationReferencesTestFramework = ReferencesTestFramework(compilation);
    }

    /// <summary>True when the compilation references a known test framework.</summary>
    public bool CompilationReferencesTestFramework { get; }

    /// <summary>Whether code in this tree is test code, honouring the per-file override.</summary>
    public bool IsTestCode(SyntaxTree tree) => _options.For(tree).TestCode ?? CompilationReferencesTestFramework;

    /// <summary>
    /// True when some file could be test code: the framework is referenced, or an override may say so.
    /// Rules use it to skip registering actions for compilations that cannot contain test code.
    /// </summary>
    public bool MayContainTestCode(Compilation compilation)
    {
        if (CompilationReferencesTestFramework)
        {
            return true;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (_options.For(tree).TestCode == true)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReferencesTestFramework(Compilation compilation)
    {
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            if (TestFrameworkAssemblies.Contains(assembly.Name))
            {
                return true;
            }
        }

        return false;
    }
}
