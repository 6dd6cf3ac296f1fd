using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Tractatus.TestIsolation.CodeFixes.Infrastructure;

/// <summary>
/// Finds a <c>SessionIsolatedFixture</c> the code at a position can use: a parameter or local
/// (including a primary-constructor parameter), the enclosing fixture itself, or a field or
/// property of the enclosing type. Returns the expression that reaches it, or <c>null</c>.
/// </summary>
internal static class FixtureLocator
{
    public static ExpressionSyntax? Find(SemanticModel model, SyntaxNode at, RuntimeTypes runtime)
    {
        if (runtime.SessionIsolatedFixture is null || !CanUseInstanceState(at))
        {
            return null;
        }

        var position = at.SpanStart;
        var symbols = model.LookupSymbols(position);

        // Parameters and locals first: in a constructor they are set before any field is.
        foreach (var symbol in symbols)
        {
            var type = symbol switch
            {
                IParameterSymbol parameter => parameter.Type,
                ILocalSymbol local when DeclaredBefore(local, position) => local.Type,
                _ => null,
            };
            if (type is not null && runtime.IsFixture(type))
            {
                return IdentifierName(symbol.Name);
            }
        }

        var member = EnclosingMember(model, position);
        if (member is null || member.IsStatic)
        {
            return null;
        }

        if (runtime.IsFixture(member.ContainingType))
        {
            return ThisExpression().WithAdditionalAnnotations(Simplifier.Annotation);
        }

        // A field read in a constructor may not be assigned yet: use TestSession there instead.
        if (member is IMethodSymbol { MethodKind: MethodKind.Constructor })
        {
            return null;
        }

        foreach (var symbol in symbols)
        {
            var type = symbol switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property when property.GetMethod is not null && property.Parameters.IsEmpty => property.Type,
                _ => null,
            };
            if (type is not null && runtime.IsFixture(type) && model.IsAccessible(position, symbol))
            {
                return IdentifierName(symbol.Name);
            }
        }

        return null;
    }

    private static bool DeclaredBefore(ILocalSymbol local, int position) =>
        local.DeclaringSyntaxReferences.All(r => r.Span.End <= position);

    private static ISymbol? EnclosingMember(SemanticModel model, int position)
    {
        var symbol = model.GetEnclosingSymbol(position);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }

    /// <summary>
    /// False in field and property initializers, attributes and constructor initializers (no
    /// instance yet), and in static lambdas or local functions (which cannot capture).
    /// </summary>
    private static bool CanUseInstanceState(SyntaxNode at)
    {
        foreach (var ancestor in at.Ancestors())
        {
            switch (ancestor)
            {
                case AttributeSyntax:
                case ConstructorInitializerSyntax:
                case PrimaryConstructorBaseTypeSyntax:
                    return false;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax } } }:
                case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax }:
                    return false;
                case AnonymousFunctionExpressionSyntax lambda when lambda.Modifiers.Any(SyntaxKind.StaticKeyword):
                    return false;
                case LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.StaticKeyword):
                    return false;
                case BaseMethodDeclarationSyntax:
                case AccessorDeclarationSyntax:
                    return true;
            }
        }

        return true;
    }
}
