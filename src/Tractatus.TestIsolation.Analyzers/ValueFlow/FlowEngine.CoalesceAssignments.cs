using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// <c>path ??= GetSettingsPath()</c> earlier in the same body: when the caller or an earlier step
/// left the variable null, the fallback is the value used — on a developer's machine, usually the
/// default. One assignment of that kind is followed; two are not guessed between.
/// </summary>
internal sealed partial class FlowEngine
{
    // The ??= assignments of each body, found once per body (most bodies have none).
    private readonly ConcurrentDictionary<SyntaxNode, ImmutableArray<ICoalesceAssignmentOperation>> _coalesceAssignments = new();

    private ImmutableArray<FlowText>? EarlierCoalesceFallback(IOperation reference, ISymbol symbol, Walk walk, Frame? frame, int callDepth)
    {
        // Most files have no ??= at all: no body of theirs is walked.
        if (!NameOccurrences.MayContain(reference.Syntax.SyntaxTree, "??=", walk.CancellationToken))
        {
            return null;
        }

        var root = reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var assignments = _coalesceAssignments.GetOrAdd(root.Syntax, _ =>
        {
            var builder = ImmutableArray.CreateBuilder<ICoalesceAssignmentOperation>();
            foreach (var operation in root.Descendants())
            {
                if (operation is ICoalesceAssignmentOperation assignment)
                {
                    builder.Add(assignment);
                }
            }

            return builder.ToImmutable();
        });

        IOperation? fallback = null;
        foreach (var assignment in assignments)
        {
            if (assignment.Syntax.SpanStart >= reference.Syntax.SpanStart ||
                assignment.Syntax.Span.Contains(reference.Syntax.Span) ||
                !SymbolEqualityComparer.Default.Equals(AssignedSymbol(assignment.Target), symbol))
            {
                continue;
            }

            if (fallback is not null)
            {
                return null;
            }

            fallback = assignment.Value;
        }

        return fallback is null ? null : Map(Evaluate(fallback, walk, frame, callDepth), t => t.AsFallback());
    }

    private static ISymbol? AssignedSymbol(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };
}
