using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// Keys written as text but stored as another type: <c>Guid.Parse("…")</c>, <c>new Guid("…")</c>,
/// <c>ObjectId.Parse("…")</c>, or a member of type <c>Guid</c>/<c>ObjectId</c> holding one. Their
/// per-run replacement is a new key of that type.
/// </summary>
internal static class TextKeys
{
    /// <summary><c>Guid.NewGuid()</c> or <c>ObjectId.GenerateNewId()</c> when the reported value is such a key; else null.</summary>
    public static string? GeneratedReplacement(Location location, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (location.SourceTree is not { } tree)
        {
            return null;
        }

        var node = tree.GetRoot(cancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true);
        if (node is ExpressionSyntax expression && model is not null && model.SyntaxTree == tree &&
            Replacement(model.GetTypeInfo(expression, cancellationToken).Type?.Name) is { } typed)
        {
            return typed;
        }

        // The literal inside Guid.Parse("…") / new ObjectId("…").
        if (node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: { } call } })
        {
            var name = call switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Parse" or "TryParse", Expression: var type } } => LastName(type),
                ObjectCreationExpressionSyntax creation => LastName(creation.Type),
                _ => null,
            };
            return Replacement(name);
        }

        return null;
    }

    private static string? LastName(SyntaxNode type) => type switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        _ => null,
    };

    private static string? Replacement(string? typeName) => typeName switch
    {
        "Guid" => "Guid.NewGuid()",
        "ObjectId" => "ObjectId.GenerateNewId()",
        _ => null,
    };
}
