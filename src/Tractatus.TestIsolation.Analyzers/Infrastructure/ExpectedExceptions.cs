using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>
/// Code a test expects to throw: the body of a lambda handed to an exception assertion
/// (<c>Assert.Throws(() => new MongoStorage("", "db"))</c>, <c>Should.Throw</c>,
/// <c>Assert.That(() => …, Throws.X)</c>, <c>Assert.That(() => …).Throws…</c>, <c>act.Should().Throw()</c>).
/// Argument-validation tests pass fixed names to calls that fail before they reach a server, so nothing
/// is written there. Decided from syntax, so it works both for the write and for a value written at a
/// call site in another file; only asked once a finding is about to be reported.
/// </summary>
internal static class ExpectedExceptions
{
    // xUnit, NUnit, MSTest, TUnit, Shouldly and FluentAssertions/AwesomeAssertions spell it these ways.
    private static readonly ImmutableHashSet<string> ThrowAssertions = ImmutableHashSet.Create(
        "Throws", "ThrowsAsync", "ThrowsAny", "ThrowsAnyAsync", "ThrowsException", "ThrowsExceptionAsync", "ThrowsExactly",
        "ThrowsExactlyAsync", "Catch", "CatchAsync", "Throw", "ThrowAsync", "ThrowExactly", "ThrowExactlyAsync", "ShouldThrow",
        "ShouldThrowAsync");

    // How many calls may sit between the lambda and the assertion: Assert.That(f).Throws(), Invoking(f).Should().Throw().
    private const int MaxChain = 3;

    /// <summary>True when the operation runs inside a lambda that the test asserts throws.</summary>
    public static bool IsExpectedToThrow(IOperation operation, CancellationToken cancellationToken) =>
        IsExpectedToThrow(operation.Syntax, cancellationToken);

    /// <summary>True when the code at <paramref name="location"/> (a value passed at a call site) runs inside such a lambda.</summary>
    public static bool IsExpectedToThrow(Location location, CancellationToken cancellationToken) =>
        location.SourceTree is { } tree &&
        IsExpectedToThrow(tree.GetRoot(cancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true), cancellationToken);

    private static bool IsExpectedToThrow(SyntaxNode node, CancellationToken cancellationToken)
    {
        // Every assertion above spells "Throw" or "Catch" in the member: most members are cleared by a text search.
        var member = node.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (member is null ||
            (!ValueFlow.NameOccurrences.MayContain(member, "Throw", cancellationToken) && !ValueFlow.NameOccurrences.MayContain(member, "Catch", cancellationToken)))
        {
            return false;
        }

        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax lambda when IsAsserted(lambda, cancellationToken):
                    return true;
                case MemberDeclarationSyntax or LocalFunctionStatementSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool IsAsserted(AnonymousFunctionExpressionSyntax lambda, CancellationToken cancellationToken)
    {
        var use = Outermost(lambda);
        if (use.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator })
        {
            // Action act = () => …; act.Should().Throw<…>();
            return LocalIsAsserted(declarator, cancellationToken);
        }

        return FeedsThrowAssertion(use);
    }

    // The expression is an argument or the receiver of a throw assertion, directly or a few calls up the chain.
    private static bool FeedsThrowAssertion(ExpressionSyntax expression)
    {
        var current = expression;
        for (var step = 0; step < MaxChain; step++)
        {
            InvocationExpressionSyntax? invocation = current.Parent switch
            {
                ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } => call,
                MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } access when access.Expression == current => call,
                _ => null,
            };
            if (invocation is null)
            {
                return false;
            }

            var name = MethodName(invocation);
            if ((name is not null && ThrowAssertions.Contains(name)) || (name == "That" && NamesThrowsConstraint(invocation)))
            {
                return true;
            }

            current = Outermost(invocation);
        }

        return false;
    }

    private static string? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    // NUnit: Assert.That(() => …, Throws.TypeOf<T>()); Throws.Nothing expects success.
    private static bool NamesThrowsConstraint(InvocationExpressionSyntax invocation)
    {
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            var root = argument.Expression;
            while (root is MemberAccessExpressionSyntax or InvocationExpressionSyntax)
            {
                if (root is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Throws" } } first)
                {
                    return first.Name.Identifier.ValueText != "Nothing";
                }

                root = root is MemberAccessExpressionSyntax access ? access.Expression : ((InvocationExpressionSyntax)root).Expression;
            }
        }

        return false;
    }

    private static bool LocalIsAsserted(VariableDeclaratorSyntax declarator, CancellationToken cancellationToken)
    {
        var name = declarator.Identifier.ValueText;
        var scope = declarator.FirstAncestorOrSelf<BlockSyntax>();
        if (scope is null)
        {
            return false;
        }

        foreach (var node in scope.DescendantNodes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name && FeedsThrowAssertion(Outermost(identifier)))
            {
                return true;
            }
        }

        return false;
    }

    private static ExpressionSyntax Outermost(ExpressionSyntax expression)
    {
        while (expression.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax or AwaitExpressionSyntax or PostfixUnaryExpressionSyntax)
        {
            expression = (ExpressionSyntax)expression.Parent;
        }

        return expression;
    }
}
