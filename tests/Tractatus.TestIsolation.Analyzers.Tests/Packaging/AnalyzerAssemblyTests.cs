using System.Reflection;

namespace Tractatus.TestIsolation.Analyzers.Tests.Packaging;

/// <summary>
/// What the analyzer and code-fix assemblies may depend on. A compiler loads an analyzer only if it
/// was built against the same or an older Roslyn; one built against a newer Roslyn is skipped with
/// nothing but warning CS9057, so the baseline is checked here rather than discovered by users.
/// </summary>
public sealed class AnalyzerAssemblyTests
{
    // The .NET SDK 8.0.100 / Visual Studio 17.8 compiler; see README "Compatibility".
    private static readonly Version RoslynBaseline = new(4, 8, 0, 0);

    private static AssemblyReferences Analyzers => AssemblyReferences.Read(typeof(Descriptors).Assembly.Location);

    private static AssemblyReferences CodeFixes =>
        AssemblyReferences.Read(Assembly.Load("Tractatus.TestIsolation.CodeFixes").Location);

    [Fact]
    public void Analyzers_target_netstandard20()
    {
        Analyzers.TargetFramework.ShouldBe(".NETStandard,Version=v2.0", "Compilers host analyzers on .NET Framework (VS) and .NET; keep the analyzers on netstandard2.0.");
        CodeFixes.TargetFramework.ShouldBe(".NETStandard,Version=v2.0");
    }

    [Fact]
    public void Analyzers_compile_against_the_roslyn_baseline()
    {
        AssertRoslynBaseline(Analyzers, "Tractatus.TestIsolation.Analyzers");
        Analyzers.References.ShouldContainKey("Microsoft.CodeAnalysis");
    }

    [Fact]
    public void Code_fixes_compile_against_the_roslyn_baseline()
    {
        AssertRoslynBaseline(CodeFixes, "Tractatus.TestIsolation.CodeFixes");
    }

    [Fact]
    public void Analyzers_do_not_depend_on_workspaces_or_the_runtime()
    {
        // Workspaces is not loaded by command-line builds (RS1038); the runtime is a separate product layer.
        var forbidden = Analyzers.References.Keys
            .Where(name => name.StartsWith("Microsoft.CodeAnalysis.Workspaces", StringComparison.Ordinal)
                        || name.StartsWith("Microsoft.CodeAnalysis.CSharp.Workspaces", StringComparison.Ordinal)
                        || (name.StartsWith("Tractatus.TestIsolation", StringComparison.Ordinal) && name != "Tractatus.TestIsolation.Analyzers"))
            .ToList();

        forbidden.ShouldBeEmpty("The analyzer assembly must reference only the compiler and the BCL.");
    }

    internal static void AssertRoslynBaseline(AssemblyReferences assembly, string name)
    {
        foreach (var (reference, version) in assembly.References.Where(r => r.Key.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)))
        {
            version.ShouldBeLessThanOrEqualTo(
                RoslynBaseline,
                $"{name} references {reference} {version}; a compiler older than that skips the whole package with only warning CS9057. Build it against Microsoft.CodeAnalysis {RoslynBaseline.ToString(3)}.");
        }
    }
}
