using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Tractatus.TestIsolation.CodeFixes.Infrastructure;

/// <summary>
/// Syntax the fixes generate. Types are written fully qualified and marked for simplification,
/// so <see cref="CodeCleanup"/> turns them into a <c>using</c> directive and the short name.
/// </summary>
internal static class Generate
{
    /// <summary><c>global::Ns.Type</c>, to be simplified.</summary>
    public static TypeSyntax Type(ITypeSymbol type) =>
        ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary><c>receiver.name</c>.</summary>
    public static MemberAccessExpressionSyntax Member(ExpressionSyntax receiver, string name) =>
        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, IdentifierName(name))
            .WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary><c>receiver.name(arguments)</c>.</summary>
    public static InvocationExpressionSyntax Call(ExpressionSyntax receiver, string name, params ExpressionSyntax[] arguments)
    {
        var list = new SeparatedSyntaxList<ArgumentSyntax>();
        foreach (var argument in arguments)
        {
            list = list.Add(Argument(argument));
        }

        return InvocationExpression(Member(receiver, name), ArgumentList(list));
    }

    /// <summary><c>TestSession.Current</c>.</summary>
    public static ExpressionSyntax CurrentSession(INamedTypeSymbol testSession) => Member(Type(testSession), "Current");

    /// <summary><c>Guid.NewGuid().ToString("N")</c>: a fresh value for projects without the runtime.</summary>
    public static ExpressionSyntax NewGuidText(INamedTypeSymbol guid) =>
        Call(Call(Type(guid), "NewGuid"), "ToString", LiteralExpression(SyntaxKind.StringLiteralExpression, Literal("N")));

    /// <summary>A string literal with the same token (verbatim, escapes) as <paramref name="literal"/>, without its trivia.</summary>
    public static LiteralExpressionSyntax Copy(LiteralExpressionSyntax literal) => literal.WithoutTrivia();
}
