using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// The source of small helpers the engine follows: the values a method or getter returns, and the
/// calls of a method inside its own type (where its parameters get their values). Members declared
/// in other files are read through that file's semantic model.
/// </summary>
internal static class HelperBodies
{
    // A helper with more returns than this is not "small"; its value is left unknown.
    private const int MaxReturns = 4;

    /// <summary>The returned expressions of a method, local function or getter (empty when unknown).</summary>
    public static ImmutableArray<IOperation> ReturnedValues(IMethodSymbol method, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (model is null || method.DeclaringSyntaxReferences.Length != 1)
        {
            return ImmutableArray<IOperation>.Empty;
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (DeclaringFileModels.For(model, syntax.SyntaxTree) is not { } declaringModel)
        {
            return ImmutableArray<IOperation>.Empty;
        }

        var (expressionBody, body) = syntax switch
        {
            MethodDeclarationSyntax m => (m.ExpressionBody, (SyntaxNode?)m.Body),
            LocalFunctionStatementSyntax f => (f.ExpressionBody, f.Body),
            AccessorDeclarationSyntax a => (a.ExpressionBody, a.Body),
            ArrowExpressionClauseSyntax arrow => (arrow, null),
            _ => (null, null),
        };

        var returned = ImmutableArray.CreateBuilder<IOperation>();
        if (expressionBody is not null)
        {
            Add(returned, declaringModel, expressionBody.Expression, cancellationToken);
        }
        else if (body is not null)
        {
            var statements = body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<ReturnStatementSyntax>()
                .Take(MaxReturns + 1)
                .ToList();
            if (statements.Count > MaxReturns)
            {
                return ImmutableArray<IOperation>.Empty;
            }

            foreach (var statement in statements)
            {
                if (statement.Expression is { } expression)
                {
                    Add(returned, declaringModel, expression, cancellationToken);
                }
            }
        }

        return returned.ToImmutable();
    }

    /// <summary>Calls of <paramref name="method"/> inside its own type (or, for a local function, its method), at most <paramref name="max"/>.</summary>
    public static ImmutableArray<IInvocationOperation> CallSites(IMethodSymbol method, SemanticModel? model, int max, CancellationToken cancellationToken)
    {
        if (model is null || method.DeclaringSyntaxReferences.Length != 1)
        {
            return ImmutableArray<IInvocationOperation>.Empty;
        }

        var scopes = ImmutableArray.CreateBuilder<SyntaxNode>();
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (declaration.Parent is { } parent)
            {
                scopes.Add(parent);
            }
        }
        else if (method.ContainingType is { } type)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                scopes.Add(reference.GetSyntax(cancellationToken));
            }
        }

        var sites = ImmutableArray.CreateBuilder<IInvocationOperation>();
        foreach (var scope in scopes)
        {
            if (DeclaringFileModels.For(model, scope.SyntaxTree) is not { } scopeModel)
            {
                continue;
            }

            foreach (var invocation in scope.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var name = invocation.Expression switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    GenericNameSyntax generic => generic.Identifier.ValueText,
                    MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                    _ => null,
                };
                if (name != method.Name)
                {
                    continue;
                }

                if (scopeModel.GetOperation(invocation, cancellationToken) is IInvocationOperation call &&
                    SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition))
                {
                    if (sites.Count >= max)
                    {
                        break;
                    }

                    sites.Add(call);
                }
            }
        }

        return sites.ToImmutable();
    }

    private static void Add(ImmutableArray<IOperation>.Builder values, SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
    {
        if (model.GetOperation(expression, cancellationToken) is { } operation)
        {
            values.Add(operation);
        }
    }
}
