using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Tractatus.TestIsolation.Analyzers.Tests.SelfAnalysis;

/// <summary>
/// Runs analyzers over a compilation the way the compiler host does, but records every analyzer
/// exception through the <c>onAnalyzerException</c> callback instead of hiding it in an AD0001
/// warning. Compiler errors in the analyzed code are allowed: that is the point.
/// </summary>
public static class AnalyzerRunner
{
    /// <summary>Every analyzer the Analyzers assembly ships, found by reflection so new rules are included.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> AllShippedAnalyzers() =>
        typeof(Descriptors).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true }
                && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>Compiles the trees and runs the analyzers over them.</summary>
    public static async Task<AnalyzerRun> RunAsync(
        IEnumerable<SyntaxTree> trees,
        IEnumerable<MetadataReference> references,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        AnalyzerConfigOptionsProvider? configOptions = null)
    {
        var compilation = CSharpCompilation.Create(
            "Analyzed",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var failures = new ConcurrentQueue<AnalyzerFailure>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, configOptions ?? PathOptionsProvider.None),
            (exception, analyzer, diagnostic) => failures.Enqueue(new AnalyzerFailure(analyzer.GetType().Name, exception, diagnostic)),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);

        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return new AnalyzerRun(compilation, diagnostics, failures.ToImmutableArray());
    }

    /// <summary>Parses C# 12 source text as one file.</summary>
    public static SyntaxTree Parse(string source, string path = "/0/Test0.cs") =>
        CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12), path);
}

/// <summary>An analyzer exception caught by the host.</summary>
public sealed record AnalyzerFailure(string Analyzer, Exception Exception, Diagnostic Diagnostic)
{
    /// <inheritdoc />
    public override string ToString() => $"{Analyzer} at {Diagnostic.Location.GetLineSpan()}: {Exception}";
}

/// <summary>What one analyzer run produced.</summary>
public sealed record AnalyzerRun(Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<AnalyzerFailure> Failures)
{
    /// <summary>AD0001 ("analyzer threw") diagnostics; empty when every analyzer behaved.</summary>
    public ImmutableArray<Diagnostic> AnalyzerCrashes => Diagnostics.Where(d => d.Id == "AD0001").ToImmutableArray();

    /// <summary>Fails with every exception's text when an analyzer threw.</summary>
    public void ShouldHaveNoAnalyzerExceptions()
    {
        var report = string.Join(Environment.NewLine, Failures.Select(f => f.ToString()).Concat(AnalyzerCrashes.Select(d => d.ToString())));
        Failures.ShouldBeEmpty(report);
        AnalyzerCrashes.ShouldBeEmpty(report);
    }
}
