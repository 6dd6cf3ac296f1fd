using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// Where a name is written or called inside a piece of syntax, found from the places the file's
/// text spells it: a text search, then the token there and its few parents. A question about a
/// variable or helper costs as much as its name occurs, not as much as the scope is large (walking
/// each traced scope's nodes was most of the rules' cost on large suites).
/// </summary>
internal static class NameOccurrences
{
    private static readonly ConditionalWeakTable<SyntaxTree, string> Texts = new();

    /// <summary>
    /// The nodes inside <paramref name="scope"/> that can write a variable or member called
    /// <paramref name="name"/>: assignments to it (also as <c>x.Name</c> or inside a tuple),
    /// <c>++</c>/<c>--</c>, <c>&amp;x</c>, <c>ref</c>/<c>out</c> arguments and <c>ref</c> expressions, in document order.
    /// </summary>
    public static IEnumerable<SyntaxNode> WritesTo(SyntaxNode scope, string name, CancellationToken cancellationToken)
    {
        SyntaxNode? previous = null;
        foreach (var node in Names(scope, name, cancellationToken))
        {
            if (WriteOf(Target(node)) is { } write && write != previous)
            {
                previous = write;
                yield return write;
            }
        }
    }

    /// <summary>
    /// Writes inside <paramref name="scope"/> into the object a name holds: <c>doc.Slug = v</c>,
    /// <c>doc["slug"] = v</c>, <c>doc.Add(...)</c> and <c>doc.Set(...)</c>, in document order.
    /// </summary>
    public static IEnumerable<SyntaxNode> WritesInto(SyntaxNode scope, string name, CancellationToken cancellationToken)
    {
        foreach (var node in Names(scope, name, cancellationToken))
        {
            switch (node.Parent)
            {
                case MemberAccessExpressionSyntax member when member.Expression == node:
                    if (member.Parent is AssignmentExpressionSyntax assignment && assignment.Left == member)
                    {
                        yield return assignment;
                    }
                    else if (member.Name.Identifier.ValueText is "Add" or "Set" &&
                             member.Parent is InvocationExpressionSyntax invocation && invocation.Expression == member)
                    {
                        yield return invocation;
                    }

                    break;
                case ElementAccessExpressionSyntax element when element.Expression == node &&
                                                                element.Parent is AssignmentExpressionSyntax elementAssignment && elementAssignment.Left == element:
                    yield return elementAssignment;
                    break;
            }
        }
    }

    /// <summary>Invocations inside <paramref name="scope"/> of a method called <paramref name="name"/>, in document order.</summary>
    public static IEnumerable<InvocationExpressionSyntax> Invocations(SyntaxNode scope, string name, CancellationToken cancellationToken)
    {
        foreach (var node in Names(scope, name, cancellationToken))
        {
            SyntaxNode called = node.Parent switch
            {
                MemberAccessExpressionSyntax member when member.Name == node => member,
                MemberBindingExpressionSyntax binding when binding.Name == node => binding,
                _ => node,
            };
            if (called.Parent is InvocationExpressionSyntax invocation && invocation.Expression == called)
            {
                yield return invocation;
            }
        }
    }

    /// <summary>True when the file's text contains <paramref name="text"/> anywhere (code, strings or comments).</summary>
    public static bool MayContain(SyntaxTree tree, string text, CancellationToken cancellationToken) =>
        TextOf(tree, cancellationToken).IndexOf(text, StringComparison.Ordinal) >= 0;

    /// <summary>True when the text of <paramref name="node"/> contains <paramref name="text"/> (without copying it out).</summary>
    public static bool MayContain(SyntaxNode node, string text, CancellationToken cancellationToken, StringComparison comparison = StringComparison.Ordinal) =>
        TextOf(node.SyntaxTree, cancellationToken).IndexOf(text, node.Span.Start, node.Span.Length, comparison) >= 0;

    // The identifier and generic names spelled `name` inside the scope.
    private static IEnumerable<SimpleNameSyntax> Names(SyntaxNode scope, string name, CancellationToken cancellationToken)
    {
        if (name.Length == 0)
        {
            yield break;
        }

        var tree = scope.SyntaxTree;
        var text = TextOf(tree, cancellationToken);
        var span = scope.Span;
        var start = span.Start;
        while (start < span.End)
        {
            var found = text.IndexOf(name, start, span.End - start, StringComparison.Ordinal);
            if (found < 0)
            {
                yield break;
            }

            start = found + name.Length;

            // Inside a longer word ("id" in "Guid", "doc" in "docs"): not this name, and no token lookup.
            if ((found > 0 && IsIdentifierPart(text[found - 1])) || (start < text.Length && IsIdentifierPart(text[start])))
            {
                continue;
            }

            var token = scope.FindToken(found);
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && IsSpelledAt(token, found) &&
                token.Parent is SimpleNameSyntax simpleName && simpleName.Identifier == token)
            {
                yield return simpleName;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    // `name` or `@name` starting at the found position.
    private static bool IsSpelledAt(SyntaxToken token, int position) =>
        token.SpanStart == position || (token.SpanStart == position - 1 && token.Text.Length > 0 && token.Text[0] == '@');

    // x, this.x, other.X, x! and (x, y) in a deconstruction stand for the written variable.
    private static SyntaxNode Target(SimpleNameSyntax name)
    {
        SyntaxNode target = name.Parent is MemberAccessExpressionSyntax member && member.Name == name ? member : name;
        if (target.Parent is PostfixUnaryExpressionSyntax suppressed && suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression))
        {
            target = suppressed;
        }

        while (target.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax tuple } element && element.Expression == target)
        {
            target = tuple;
        }

        return target;
    }

    private static SyntaxNode? WriteOf(SyntaxNode target) => target.Parent switch
    {
        AssignmentExpressionSyntax assignment when assignment.Left == target => assignment,
        PrefixUnaryExpressionSyntax prefix when prefix.Operand == target &&
            (prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) ||
             prefix.IsKind(SyntaxKind.AddressOfExpression)) => prefix,
        PostfixUnaryExpressionSyntax postfix when postfix.Operand == target &&
            (postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression)) => postfix,
        ArgumentSyntax argument when argument.Expression == target && !argument.RefKindKeyword.IsKind(SyntaxKind.None) => argument,
        RefExpressionSyntax reference when reference.Expression == target => reference,
        _ => null,
    };

    // The file's text as one string (for most files the text's own string, not a copy).
    private static string TextOf(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Texts.TryGetValue(tree, out var text))
        {
            return text;
        }

        var built = tree.GetText(cancellationToken).ToString();
        return Texts.GetValue(tree, _ => built);
    }
}
