using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>What every rule needs once per compilation: typed options and test-code detection.</summary>
internal sealed class AnalysisSession
{
    private AnalysisSession(Compilation compilation, IsolationOptionsProvider options)
    {
        Compilation = compilation;
        Options = options;
        TestCode = new TestCodeDetector(compilation, options);
    }

    public Compilation Compilation { get; }

    public IsolationOptionsProvider Options { get; }

    public TestCodeDetector TestCode { get; }

    public static AnalysisSession Create(Compilation compilation, AnalyzerOptions options) =>
        new(compilation, new IsolationOptionsProvider(options.AnalyzerConfigOptionsProvider));

    public IsolationOptions OptionsFor(SyntaxTree tree) => Options.For(tree);
}
