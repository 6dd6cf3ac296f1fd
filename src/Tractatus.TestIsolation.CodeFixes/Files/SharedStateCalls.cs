using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tractatus.TestIsolation.CodeFixes.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Tractatus.TestIsolation.CodeFixes.Files;

/// <summary>Builds <c>SharedStateFile.UpdateText(path, transform)</c> and its async form.</summary>
internal static class SharedStateCalls
{
    /// <summary>True when the referenced runtime has the methods the fixes call.</summary>
    public static bool Available(RuntimeTypes runtime, bool isAsync) =>
        RuntimeTypes.HasMember(runtime.SharedStateFile, isAsync ? "UpdateTextAsync" : "UpdateText");

    public static InvocationExpressionSyntax UpdateText(RuntimeTypes runtime, bool isAsync, ExpressionSyntax path, ExpressionSyntax transform, ExpressionSyntax? cancellationToken)
    {
        var arguments = SeparatedList(new[] { Argument(path.WithoutTrivia()), Argument(transform) });
        if (isAsync && cancellationToken is not null)
        {
            // UpdateTextAsync(path, transform, options = null, cancellationToken = default).
            arguments = arguments.Add(Argument(cancellationToken.WithoutTrivia()).WithNameColon(NameColon(IdentifierName("cancellationToken"))));
        }

        return InvocationExpression(
            Generate.Member(Generate.Type(runtime.SharedStateFile!), isAsync ? "UpdateTextAsync" : "UpdateText"),
            ArgumentList(arguments));
    }

    /// <summary>True when the path can be evaluated once instead of twice with the same result: names and constants, and <c>Path.Combine</c> of them.</summary>
    public static bool IsStablePath(SemanticModel model, ExpressionSyntax path)
    {
        switch (path)
        {
            case LiteralExpressionSyntax:
            case IdentifierNameSyntax:
                return true;
            case MemberAccessExpressionSyntax access:
                return model.GetSymbolInfo(access).Symbol is IFieldSymbol or ILocalSymbol or IParameterSymbol ||
                       (model.GetSymbolInfo(access).Symbol is IPropertySymbol && access.Expression is IdentifierNameSyntax or ThisExpressionSyntax);
            case InvocationExpressionSyntax invocation when
                model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: "Combine" } method &&
                method.ContainingType.ToDisplayString() == "System.IO.Path":
                return invocation.ArgumentList.Arguments.All(a => IsStablePath(model, a.Expression));
            default:
                return false;
        }
    }

    /// <summary>True when the two path expressions are written the same way.</summary>
    public static bool SamePath(ExpressionSyntax a, ExpressionSyntax b) => SyntaxFactory.AreEquivalent(a, b, topLevel: false);

    /// <summary>The member body (method, accessor, lambda-free) that contains <paramref name="node"/>.</summary>
    public static SyntaxNode? EnclosingBody(SyntaxNode node) =>
        node.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or PropertyDeclarationSyntax);
}
