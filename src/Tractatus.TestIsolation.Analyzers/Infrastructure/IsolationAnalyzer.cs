using Microsoft.CodeAnalysis.Diagnostics;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>
/// The base of every rule: generated code is skipped, callbacks run concurrently, and each rule
/// starts from the one per-compilation <c>AnalysisSession</c> (options, test-code detection,
/// resolved symbols) instead of building its own.
/// </summary>
public abstract class IsolationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => OnCompilationStart(start, AnalysisSession.For(start.Compilation, start.Options)));
    }

    /// <summary>Registers the rule's actions for one compilation, or none when its APIs are absent.</summary>
    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, AnalysisSession session);
}
