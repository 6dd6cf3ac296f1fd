using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

/// <summary>
/// The settings every analyzer and code-fix test runs with, whichever test class it builds:
/// the references of its <see cref="TestProject"/>, C# 12, nullable context on (as in the
/// projects the rules target) and an optional <c>.editorconfig</c>.
/// </summary>
public static class VerifierSetup
{
    /// <summary>Configures <paramref name="test"/> and returns it.</summary>
    /// <param name="test">An analyzer or code-fix test.</param>
    /// <param name="project">Which references the sources compile against.</param>
    /// <param name="editorConfig">Lines for the <c>[*]</c> section of a root <c>.editorconfig</c>, or null for none.</param>
    public static TTest Configure<TTest>(TTest test, TestProject project, string? editorConfig = null)
        where TTest : AnalyzerTest<DefaultVerifier>
    {
        // A named framework without a package: the references come from TestReferences, offline.
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        test.TestState.AdditionalReferences.AddRange(TestReferences.For(project));
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }

        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var current = solution.GetProject(projectId)!;
            var parse = ((CSharpParseOptions)current.ParseOptions!).WithLanguageVersion(LanguageVersion.CSharp12);
            var compilation = ((CSharpCompilationOptions)current.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable);
            return solution.WithProjectParseOptions(projectId, parse).WithProjectCompilationOptions(projectId, compilation);
        });
        return test;
    }
}
