using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// One walk per syntax tree, shared by every question the engine asks about that file: the nodes
/// that can write a variable (by the name they write), the writes into an object a name holds
/// (<c>doc.Slug = ...</c>, <c>doc.Add(...)</c>), the invocations (by the name they call), and
/// whether the file has a <c>??=</c> at all. Without it each traced local, field and helper walked
/// its own scope again, which was most of the analyzers' cost on large suites.
/// </summary>
internal sealed class SyntaxIndex
{
    private static readonly ConditionalWeakTable<SyntaxTree, SyntaxIndex> Indexes = new();

    private readonly Dictionary<string, List<SyntaxNode>> _writes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SyntaxNode>> _objectWrites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<InvocationExpressionSyntax>> _invocations = new(StringComparer.Ordinal);

    private SyntaxIndex(SyntaxNode root, CancellationToken cancellationToken)
    {
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax assignment:
                    if (assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                    {
                        HasCoalesceAssignment = true;
                    }

                    AddWrite(assignment.Left, assignment);
                    if (ReceiverName(assignment.Left) is { } receiver)
                    {
                        Add(_objectWrites, receiver, assignment);
                    }

                    break;
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) ||
                                                             prefix.IsKind(SyntaxKind.PreDecrementExpression) ||
                                                             prefix.IsKind(SyntaxKind.AddressOfExpression):
                    AddWrite(prefix.Operand, prefix);
                    break;
                case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) ||
                                                               postfix.IsKind(SyntaxKind.PostDecrementExpression):
                    AddWrite(postfix.Operand, postfix);
                    break;
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    AddWrite(argument.Expression, argument);
                    break;
                case RefExpressionSyntax reference:
                    AddWrite(reference.Expression, reference);
                    break;
                case InvocationExpressionSyntax invocation:
                    if (CallSiteIndex.NameOf(invocation) is { } called)
                    {
                        Add(_invocations, called, invocation);
                    }

                    if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add" or "Set", Expression: IdentifierNameSyntax holder })
                    {
                        Add(_objectWrites, holder.Identifier.ValueText, invocation);
                    }

                    break;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>True when the file contains a <c>??=</c> assignment.</summary>
    public bool HasCoalesceAssignment { get; }

    /// <summary>The index of <paramref name="tree"/>, built on first use.</summary>
    public static SyntaxIndex Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Indexes.TryGetValue(tree, out var index))
        {
            return index;
        }

        var built = new SyntaxIndex(tree.GetRoot(cancellationToken), cancellationToken);
        return Indexes.GetValue(tree, _ => built);
    }

    /// <summary>
    /// Nodes inside <paramref name="scope"/> that can write a variable called <paramref name="name"/>
    /// (assignments, <c>++</c>/<c>--</c>, <c>ref</c>/<c>out</c> arguments, <c>ref</c> expressions), in document order.
    /// </summary>
    public IEnumerable<SyntaxNode> WritesTo(string name, SyntaxNode scope) => Within(_writes, name, scope.FullSpan);

    /// <summary>Assignments to a member or element of <paramref name="name"/> and its <c>Add</c>/<c>Set</c> calls inside <paramref name="scope"/>.</summary>
    public IEnumerable<SyntaxNode> WritesInto(string name, SyntaxNode scope) => Within(_objectWrites, name, scope.FullSpan);

    /// <summary>Invocations of a method called <paramref name="name"/> inside <paramref name="scope"/>, in document order.</summary>
    public IEnumerable<InvocationExpressionSyntax> Invocations(string name, SyntaxNode scope) => Within(_invocations, name, scope.FullSpan);

    /// <summary>Every invocation of a method called <paramref name="name"/> in the file, in document order.</summary>
    public IReadOnlyList<InvocationExpressionSyntax> Invocations(string name) =>
        _invocations.TryGetValue(name, out var list) ? list : Array.Empty<InvocationExpressionSyntax>();

    private static IEnumerable<T> Within<T>(Dictionary<string, List<T>> byName, string name, TextSpan span)
        where T : SyntaxNode
    {
        if (!byName.TryGetValue(name, out var nodes))
        {
            yield break;
        }

        foreach (var node in nodes)
        {
            if (span.Contains(node.Span))
            {
                yield return node;
            }
        }
    }

    private void AddWrite(ExpressionSyntax? target, SyntaxNode write)
    {
        switch (target)
        {
            case IdentifierNameSyntax identifier:
                Add(_writes, identifier.Identifier.ValueText, write);
                break;
            case MemberAccessExpressionSyntax member:
                Add(_writes, member.Name.Identifier.ValueText, write);
                break;
            case TupleExpressionSyntax tuple:
                foreach (var element in tuple.Arguments)
                {
                    AddWrite(element.Expression, write);
                }

                break;
        }
    }

    // doc.Slug = v and doc["slug"] = v write into what `doc` holds.
    private static string? ReceiverName(ExpressionSyntax target) => target switch
    {
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax holder } => holder.Identifier.ValueText,
        ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax holder } => holder.Identifier.ValueText,
        _ => null,
    };

    private static void Add<T>(Dictionary<string, List<T>> byName, string name, T node)
    {
        if (!byName.TryGetValue(name, out var list))
        {
            byName[name] = list = new List<T>();
        }

        // A tuple assigning the same name twice lists the node once.
        if (list.Count == 0 || !ReferenceEquals(list[list.Count - 1], node))
        {
            list.Add(node);
        }
    }
}
