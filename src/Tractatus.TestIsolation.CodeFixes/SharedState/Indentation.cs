using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Tractatus.TestIsolation.CodeFixes.SharedState;

/// <summary>
/// Shifts the continuation lines of a statement that moves one block deeper (into the transform
/// lambda). The formatter indents each statement's first line but keeps the relative indentation
/// of the lines that continue it, so they would otherwise end up left of their statement.
/// Only whitespace trivia changes: string literals spanning lines keep their content.
/// </summary>
internal sealed class Indentation : CSharpSyntaxRewriter
{
    private readonly string _extra;

    private Indentation(string extra) => _extra = extra;

    public static TNode Deepen<TNode>(TNode node, string extra)
        where TNode : SyntaxNode => (TNode)new Indentation(extra).Visit(node);

    /// <summary>One level in the file's style: a tab when the statement is indented with tabs, else four spaces.</summary>
    public static string UnitFor(SyntaxNode statement) =>
        statement.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.WhitespaceTrivia) && t.ToString().Contains("\t")) ? "\t" : "    ";

    public override SyntaxToken VisitToken(SyntaxToken token)
    {
        var leading = token.LeadingTrivia;
        if (leading.Count == 0)
        {
            return token;
        }

        var previousEndsLine = token.GetPreviousToken().TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var changed = false;
        var result = new SyntaxTriviaList();
        for (var i = 0; i < leading.Count; i++)
        {
            var trivia = leading[i];
            var startsLine = i == 0 ? previousEndsLine : leading[i - 1].IsKind(SyntaxKind.EndOfLineTrivia);
            if (startsLine && trivia.IsKind(SyntaxKind.WhitespaceTrivia))
            {
                trivia = SyntaxFactory.Whitespace(trivia.ToString() + _extra);
                changed = true;
            }

            result = result.Add(trivia);
        }

        return changed ? token.WithLeadingTrivia(result) : token;
    }
}
