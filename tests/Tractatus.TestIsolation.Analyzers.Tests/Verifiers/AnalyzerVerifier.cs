using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

/// <summary>
/// Runs one analyzer over test sources written in the Microsoft.CodeAnalysis.Testing markup
/// (<c>{|TI1001:"x"|}</c> marks an expected diagnostic). A facade over the shared verifier stack
/// in <c>tests/Tractatus.TestIsolation.Analyzers.Testing</c> (references, language version, options).
/// </summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Verifies the marked diagnostics, and that there are no others.</summary>
    public static Task VerifyAsync(string source, TestProject project = TestProject.Xunit, string? editorConfig = null, params DiagnosticResult[] expected)
    {
        var test = Create(source, project, editorConfig);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Verifies that the analyzer runs over code that does not compile without throwing.</summary>
    public static Task VerifyNoCrashAsync(string source, TestProject project = TestProject.Xunit)
    {
        var test = Create(source, project, editorConfig: null);
        // Incomplete code: compiler errors are expected and not part of the check; AD0001 still fails.
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.TestBehaviors |= TestBehaviors.SkipSuppressionCheck;
        test.MarkupOptions = MarkupOptions.None;
        return test.RunAsync();
    }

    /// <summary>Builds the test, for callers that need more control.</summary>
    public static CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> Create(string source, TestProject project, string? editorConfig) =>
        VerifierSetup.Configure(new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source }, project, editorConfig);

    internal static ImmutableArray<MetadataReference> ReferencesFor(TestProject project) => TestReferences.For(project);
}
