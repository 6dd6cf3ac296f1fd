using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Files;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// TI2002: one file read and later written in the same executable body (a method, a lambda or a
/// local function each count on their own) with no cross-process lock held across both. A call to a
/// read or write helper of the same type (<c>var values = Read(); ...; Write(values);</c>) counts as the
/// helper's file operation; the diagnostic then goes on the call that writes.
/// </summary>
/// <remarks>
/// "The same file" is the same local, parameter, field or property, or the same compile-time path.
/// A file whose name is known and matches none of the shared-state patterns (a project file, a
/// README rewritten by a generator) is not state several processes update, so it is left alone;
/// a file whose name is unknown (a parameter, <c>Path.Combine(dir, name)</c>) still counts, because
/// generic "append to history" helpers take the path from their caller.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnlockedReadModifyWriteAnalyzer : IsolationAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.UnlockedReadModifyWrite);

    /// <inheritdoc />
    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AnalysisSession session)
    {
        // The file API symbols are resolved at the first callback (see AnalysisSession.Deferred).
        start.RegisterOperationAction(
            c =>
            {
                if (session.SharedState is { } rules)
                {
                    AnalyzeWrite(c, rules);
                }
            },
            OperationKind.Invocation,
            OperationKind.ObjectCreation);
    }

    /// <summary>
    /// Starts from each write (rare) rather than collecting every body's calls, so bodies that write
    /// no file cost one symbol comparison per call and nothing else.
    /// </summary>
    private static void AnalyzeWrite(OperationAnalysisContext context, SharedStateRuleContext rules)
    {
        var write = rules.ClassifyWithHelpers(context.Operation, context.ContainingSymbol, context.CancellationToken);
        if (write is not { Kind: FileOperationKind.Write })
        {
            return;
        }

        var patterns = rules.Options.For(context.Operation.Syntax.SyntaxTree).SharedStatePaths;
        var writeIdentity = CandidateIdentity(write, rules, patterns, context.CancellationToken);
        if (writeIdentity is null)
        {
            return;
        }

        var body = ExecutableBodyOf(write.Operation);
        var read = LatestReadBefore(write, writeIdentity, body, context.ContainingSymbol, rules, patterns, context.CancellationToken);
        if (read is null)
        {
            return;
        }

        var note = UnprotectedNote(rules.Locks.LocksHeldAt(read.Operation), rules.Locks.LocksHeldAt(write.Operation));
        if (note is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UnlockedReadModifyWrite,
            write.Operation.Syntax.GetLocation(),
            new[] { read.Operation.Syntax.GetLocation() },
            write.Path.Syntax.ToString(),
            note));
    }

    /// <summary>The file's identity when it is a file this rule is about; <c>null</c> otherwise.</summary>
    private static string? CandidateIdentity(FileOperation operation, SharedStateRuleContext rules, PathPatternSet patterns, CancellationToken cancellationToken)
    {
        var path = rules.Paths.Evaluate(operation.Path, cancellationToken);
        if (path.Identity is null || path.IsRunUnique)
        {
            return null;
        }

        if (!patterns.Matches(path.MatchText) && (path.HasKnownFileName || IsPerItemPath(operation.Path, cancellationToken)))
        {
            // A named file that is not state, or one file of a batch (foreach, files.ForEach(f => ...)):
            // rewriting files in place is what generators and formatters do, not shared state.
            return null;
        }

        return path.Identity;
    }

    /// <summary>The last read of the same file in the same body that runs before the write and can reach it.</summary>
    private static FileOperation? LatestReadBefore(
        FileOperation write,
        string identity,
        IOperation? body,
        ISymbol containingSymbol,
        SharedStateRuleContext rules,
        PathPatternSet patterns,
        CancellationToken cancellationToken)
    {
        var root = write.Operation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var writeSyntax = write.Operation.Syntax;
        FileOperation? latest = null;
        foreach (var operation in root.Descendants())
        {
            if (operation is not (IInvocationOperation or IObjectCreationOperation))
            {
                continue;
            }

            var readSyntax = operation.Syntax;
            // Before the write, or inside its arguments: File.WriteAllText(p, File.ReadAllText(p) + x).
            var runsBefore = readSyntax.Span.End <= writeSyntax.SpanStart || (writeSyntax.Span.Contains(readSyntax.Span) && readSyntax != writeSyntax);
            if (!runsBefore
                || (latest is not null && latest.Operation.Syntax.SpanStart > readSyntax.SpanStart)
                || rules.ClassifyWithHelpers(operation, containingSymbol, cancellationToken) is not { Kind: FileOperationKind.Read } read
                || !ReferenceEquals(ExecutableBodyOf(operation), body)
                || CandidateIdentity(read, rules, patterns, cancellationToken) != identity
                || !FlowShape.CanReach(operation, write.Operation))
            {
                continue;
            }

            latest = read;
        }

        return latest;
    }

    /// <summary>
    /// <c>null</c> when a cross-process lock is held across both; otherwise the message note, which
    /// names an in-process lock held across both because that is the usual mistaken fix.
    /// </summary>
    private static string? UnprotectedNote(List<HeldLock> atRead, List<HeldLock> atWrite)
    {
        string? inProcess = null;
        foreach (var readLock in atRead)
        {
            foreach (var writeLock in atWrite)
            {
                if (readLock.Acquisition != writeLock.Acquisition)
                {
                    continue;
                }

                if (readLock.CrossProcess)
                {
                    return null;
                }

                inProcess ??= readLock.Description;
            }
        }

        return inProcess is null ? string.Empty : "; " + inProcess + " only serializes threads of this process";
    }

    /// <summary>
    /// True when the path comes from a foreach variable or a lambda parameter: one item of a batch.
    /// A local is followed to its value: <c>var path = Path.Combine(dir, item.Name + ".g.cs");</c>.
    /// </summary>
    private static bool IsPerItemPath(IOperation path, CancellationToken cancellationToken, int depth = 0)
    {
        foreach (var part in path.DescendantsAndSelf())
        {
            switch (part)
            {
                case ILocalReferenceOperation local when IsForEachVariable(local.Local):
                    return true;
                case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } }:
                    return true;
                case ILocalReferenceOperation local when depth < 3 &&
                                                         AssignedValues.Of(local, cancellationToken).Single is { } value &&
                                                         IsPerItemPath(value, cancellationToken, depth + 1):
                    return true;
            }
        }

        return false;
    }

    private static bool IsForEachVariable(ILocalSymbol local)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            // foreach (var x in ...), foreach (var (a, b) in ...), foreach ((var a, var b) in ...)
            for (var syntax = reference.GetSyntax(); syntax is not null; syntax = syntax.Parent)
            {
                if (syntax is CommonForEachStatementSyntax)
                {
                    return true;
                }

                if (syntax is StatementSyntax)
                {
                    break;
                }
            }
        }

        return false;
    }

    /// <summary>The lambda or local function the operation runs in, or <c>null</c> for the member body itself.</summary>
    private static IOperation? ExecutableBodyOf(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }
}
