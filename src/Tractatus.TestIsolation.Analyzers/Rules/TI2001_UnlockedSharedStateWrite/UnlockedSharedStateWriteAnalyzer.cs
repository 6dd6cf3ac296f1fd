using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Tractatus.TestIsolation.Analyzers.Files;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// TI2001: a write to a file matching the shared-state patterns with no cross-process lock held in
/// the same method. Only paths whose known text matches are reported; a path that is unknown at
/// compile time (a parameter, a value read from configuration) is never guessed at.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnlockedSharedStateWriteAnalyzer : IsolationAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.UnlockedSharedStateWrite);

    /// <inheritdoc />
    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AnalysisSession session)
    {
        // The file API symbols are resolved at the first callback (see AnalysisSession.Deferred).
        start.RegisterOperationAction(
            c =>
            {
                if (session.SharedState is { } rules)
                {
                    Analyze(c, rules);
                }
            },
            OperationKind.Invocation,
            OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context, SharedStateRuleContext rules)
    {
        var write = rules.Classify(context.Operation, context.ContainingSymbol);
        if (write is not { Kind: FileOperationKind.Write, TakesExclusiveLock: false })
        {
            return;
        }

        var patterns = rules.Options.For(context.Operation.Syntax.SyntaxTree).SharedStatePaths;
        if (patterns.IsEmpty)
        {
            return;
        }

        var path = rules.Paths.Evaluate(write.Path, context.CancellationToken);
        // A path built from a Guid, a temp file name or the session is private to this run: nothing to race with.
        if (!path.HasKnownText || path.IsRunUnique || !patterns.Matches(path.MatchText) || rules.Locks.IsCrossProcessLocked(context.Operation))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UnlockedSharedStateWrite,
            context.Operation.Syntax.GetLocation(),
            write.ApiName,
            write.Path.Syntax.ToString()));
    }
}
