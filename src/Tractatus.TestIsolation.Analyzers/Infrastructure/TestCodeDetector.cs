using System;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>
/// Decides whether code is test code: by default, a compilation that references xUnit (v2 or v3),
/// NUnit, MSTest or TUnit; the <c>tractatus_isolation.test_code</c> option overrides it per file.
/// </summary>
/// <remarks>
/// At compilation start only the references' file names are read (<see cref="MayContainTestCode"/>):
/// asking for the referenced assemblies' identities there would make this analyzer the one that
/// loads every reference for the compiler. The exact answer is worked out at the first callback,
/// when the compiler has bound the references anyway.
/// </remarks>
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
    private readonly Lazy<bool> _referencesTestFramework;

    public TestCodeDetector(Compilation compilation, IsolationOptionsProvider options)
    {
        _options = options;
        _referencesTestFramework = new Lazy<bool>(() => ReferencesTestFramework(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>True when the compilation references a known test framework.</summary>
    public bool CompilationReferencesTestFramework => _referencesTestFramework.Value;

    /// <summary>Whether code in this tree is test code, honouring the per-file override.</summary>
    public bool IsTestCode(SyntaxTree tree) => _options.For(tree).TestCode ?? CompilationReferencesTestFramework;

    /// <summary>
    /// True when some file could be test code: a reference looks like a test framework (or cannot be
    /// told from its name), or an override may say so. Rules use it at compilation start to skip
    /// registering actions for compilations that cannot contain test code; it never loads a reference.
    /// </summary>
    public bool MayContainTestCode(Compilation compilation)
    {
        return ReferencesTestFrameworkByName(compilation) != false || SomeFileDeclares(compilation, testCode: true);
    }

    /// <summary>
    /// True when some file could be code other than tests (TI1003 checks only those): no reference is
    /// named like a test framework, or a file is declared not to be test code. Never loads a reference.
    /// </summary>
    public bool MayContainNonTestCode(Compilation compilation)
    {
        return ReferencesTestFrameworkByName(compilation) != true || SomeFileDeclares(compilation, testCode: false);
    }

    // Some file's tractatus_isolation.test_code option says so.
    private bool SomeFileDeclares(Compilation compilation, bool testCode)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (_options.For(tree).TestCode == testCode)
            {
                return true;
            }
        }

        return false;
    }

    // From the references' file names (or a project reference's assembly name): true when one is a
    // test framework's, false when none is, null when a reference has neither name.
    private static bool? ReferencesTestFrameworkByName(Compilation compilation)
    {
        bool? found = false;
        foreach (var reference in compilation.References)
        {
            var name = reference switch
            {
                CompilationReference project => project.Compilation.AssemblyName,
                PortableExecutableReference { FilePath: { Length: > 0 } path } => Path.GetFileNameWithoutExtension(path),
                _ => null,
            };
            if (name is null)
            {
                found = null;
            }
            else if (TestFrameworkAssemblies.Contains(name))
            {
                return true;
            }
        }

        return found;
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
