using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tractatus.TestIsolation.CodeFixes.TestData;

/// <summary>
/// The fixed string a diagnostic points at: the literal itself, or the value of the constant,
/// field or property whose reference it points at (the literal then sits in that member's initializer).
/// </summary>
internal static class FixedValueResolver
{
    public static string? Resolve(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (node is ArgumentSyntax argument)
        {
            node = argument.Expression;
        }

        if (node is LiteralExpressionSyntax literal)
        {
            return literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;
        }

        if (node is not ExpressionSyntax expression)
        {
            return null;
        }

        if (model.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
        if (symbol is not (IFieldSymbol or IPropertySymbol or ILocalSymbol))
        {
            return null;
        }

        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var initializer = reference.GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };
            if (initializer is LiteralExpressionSyntax held && held.IsKind(SyntaxKind.StringLiteralExpression))
            {
                return held.Token.ValueText;
            }
        }

        return null;
    }

    /// <summary>An address with one '@', text on both sides and a dot in the domain: made unique with plus addressing.</summary>
    public static bool LooksLikeEmail(string value)
    {
        var at = value.IndexOf('@');
        return at > 0 && at == value.LastIndexOf('@') && value.IndexOf('.', at) > at + 1 && !value.EndsWith(".", System.StringComparison.Ordinal) &&
               !value.Any(char.IsWhiteSpace);
    }

    /// <summary>The node a diagnostic's span covers in the document as it is now.</summary>
    public static SyntaxNode? NodeAt(SyntaxNode root, Diagnostic diagnostic) => NodeAt(root, diagnostic.Location);

    /// <summary>The node a location (a diagnostic's or one of its additional locations) covers in the current tree.</summary>
    public static SyntaxNode? NodeAt(SyntaxNode root, Location location)
    {
        var span = Infrastructure.DiagnosticSpans.InCurrent(location, root.SyntaxTree);
        return span is { } current && root.FullSpan.Contains(current) ? root.FindNode(current, getInnermostNodeForTie: true) : null;
    }
}
