using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Tractatus.TestIsolation.CodeFixes.Tests.Verifiers;

/// <summary>
/// Runs a real analyzer and a code fix over sources in the Microsoft.CodeAnalysis.Testing markup
/// (<c>{|TI1001:"x"|}</c>). The framework applies the fix one diagnostic at a time and as Fix All
/// in document, project and solution scope, and checks every result against the fixed source,
/// that the fixed source compiles (against the real runtime) and that the analyzer no longer reports it.
/// A facade over the shared verifier stack in <c>tests/Tractatus.TestIsolation.Analyzers.Testing</c>.
/// </summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Verifies the fix turns <paramref name="source"/> into <paramref name="fixedSource"/>.</summary>
    public static Task VerifyAsync(string source, string fixedSource, TestProject project = TestProject.IsolatedTests, params DiagnosticResult[] expected)
    {
        var test = Create(project);
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Verifies the diagnostics are reported and no fix is offered for them.</summary>
    public static Task VerifyNoFixAsync(string source, TestProject project = TestProject.IsolatedTests, params DiagnosticResult[] expected)
    {
        var test = Create(project);
        test.TestCode = source;
        test.FixedCode = source;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Builds the test, for multi-document and other custom cases.</summary>
    public static CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> Create(TestProject project) =>
        VerifierSetup.Configure(new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>(), project);

    internal static ImmutableArray<MetadataReference> ReferencesFor(TestProject project) => TestReferences.For(project);
}
