using System.Collections.Generic;
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
/// calls of a method (where its parameters get their values: in its own type when private, anywhere
/// in the compilation otherwise). Members declared
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

    // Candidate invocations (same name) bound to check their target, at most, when callers are
    // searched across the compilation: a common name in a large project stays cheap.
    private const int MaxCandidates = 64;

    /// <summary>
    /// Calls of <paramref name="method"/>, at most <paramref name="max"/>: inside its own type (or, for a
    /// local function, its method) when it is private; anywhere in the compilation otherwise.
    /// </summary>
    public static ImmutableArray<IInvocationOperation> CallSites(IMethodSymbol method, SemanticModel? model, int max, CancellationToken cancellationToken)
    {
        if (model is null || method.DeclaringSyntaxReferences.Length != 1)
        {
            return ImmutableArray<IInvocationOperation>.Empty;
        }

        IEnumerable<InvocationExpressionSyntax> candidates;
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            candidates = declaration.Parent is { } parent ? Named(parent, method.Name, cancellationToken) : Enumerable.Empty<InvocationExpressionSyntax>();
        }
        else if (method.DeclaredAccessibility == Accessibility.Private || method.ContainingType is null)
        {
            candidates = method.ContainingType is { } type
                ? type.DeclaringSyntaxReferences.SelectMany(r => Named(r.GetSyntax(cancellationToken), method.Name, cancellationToken))
                : Enumerable.Empty<InvocationExpressionSyntax>();
        }
        else
        {
            candidates = CallSiteIndex.For(model.Compilation).Named(method.Name, cancellationToken);
        }

        var sites = ImmutableArray.CreateBuilder<IInvocationOperation>();
        var bound = 0;
        foreach (var invocation in candidates)
        {
            if (sites.Count >= max || bound++ >= MaxCandidates)
            {
                break;
            }

            if (DeclaringFileModels.For(model, invocation.SyntaxTree) is { } siteModel &&
                siteModel.GetOperation(invocation, cancellationToken) is IInvocationOperation call &&
                SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition))
            {
                sites.Add(call);
            }
        }

        return sites.ToImmutable();
    }

    /// <summary>
    /// The object creations that call <paramref name="constructor"/>, <c>new Resetter(connection)</c> and target-typed
    /// <c>new(connection)</c>: searched in the files that name the type (where a target-typed <c>new</c> gets its
    /// type from a field, return or parameter type), only the type's own files when the constructor is private.
    /// </summary>
    public static ImmutableArray<IObjectCreationOperation> ConstructionSites(IMethodSymbol constructor, SemanticModel? model, int max, CancellationToken cancellationToken)
    {
        // A test class is created by its framework, never with new: no file needs searching for it.
        if (model is null || constructor.MethodKind != MethodKind.Constructor || constructor.ContainingType is not { } type || HasTests(type))
        {
            return ImmutableArray<IObjectCreationOperation>.Empty;
        }

        var trees = constructor.DeclaredAccessibility == Accessibility.Private
            ? type.DeclaringSyntaxReferences.Select(r => r.SyntaxTree).Distinct()
            : model.Compilation.SyntaxTrees;
        var sites = ImmutableArray.CreateBuilder<IObjectCreationOperation>();
        var bound = 0;
        foreach (var tree in trees)
        {
            if (!NameOccurrences.MayContain(tree, type.Name, cancellationToken))
            {
                continue;
            }

            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
            {
                if (node is ObjectCreationExpressionSyntax { Type: var written } && RightmostName(written) != type.Name)
                {
                    continue;
                }

                if (sites.Count >= max)
                {
                    return sites.ToImmutable();
                }

                // Too many candidates to bind: the sites found so far may not be all, so none are claimed.
                if (bound++ >= MaxCandidates)
                {
                    return ImmutableArray<IObjectCreationOperation>.Empty;
                }

                if (DeclaringFileModels.For(model, tree) is { } siteModel &&
                    siteModel.GetOperation(node, cancellationToken) is IObjectCreationOperation creation &&
                    SymbolEqualityComparer.Default.Equals(creation.Constructor?.OriginalDefinition, constructor.OriginalDefinition))
                {
                    sites.Add(creation);
                }
            }
        }

        return sites.ToImmutable();
    }

    private static string? RightmostName(TypeSyntax type) => type switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        _ => null,
    };

    private static bool HasTests(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                foreach (var attribute in method.GetAttributes())
                {
                    if (attribute.AttributeClass?.Name is "FactAttribute" or "TheoryAttribute" or "TestAttribute" or "TestCaseAttribute" or
                        "TestCaseSourceAttribute" or "TestMethodAttribute" or "DataTestMethodAttribute")
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static IEnumerable<InvocationExpressionSyntax> Named(SyntaxNode scope, string name, CancellationToken cancellationToken) =>
        NameOccurrences.Invocations(scope, name, cancellationToken);

    private static void Add(ImmutableArray<IOperation>.Builder values, SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
    {
        if (model.GetOperation(expression, cancellationToken) is { } operation)
        {
            values.Add(operation);
        }
    }
}
