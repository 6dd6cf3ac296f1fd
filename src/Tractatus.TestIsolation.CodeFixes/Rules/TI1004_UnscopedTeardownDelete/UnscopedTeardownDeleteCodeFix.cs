using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Tractatus.TestIsolation.Analyzers;
using Tractatus.TestIsolation.CodeFixes.Infrastructure;
using Tractatus.TestIsolation.CodeFixes.SessionValues;

namespace Tractatus.TestIsolation.CodeFixes.Rules;

/// <summary>
/// TI1004: scopes a teardown delete to this session's data when it filters on one fixed
/// identifier that the same code also uses elsewhere (it inserted that record): the value becomes
/// the per-session value the TI1001 fix gives it, everywhere. Empty filters, drops of fixed
/// collections and deletes of values this code never wrote get no fix: there is no session-scoped
/// equivalent the fix could know.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnscopedTeardownDeleteCodeFix)), Shared]
public sealed class UnscopedTeardownDeleteCodeFix : SolutionCodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnscopedTeardownDelete);

    /// <inheritdoc />
    protected override string Title => "Delete only this session's data (per-session identifier)";

    /// <inheritdoc />
    protected override async Task<bool> ApplyAsync(SolutionEditor editor, IReadOnlyList<DiagnosticInDocument> diagnostics, CancellationToken cancellationToken)
    {
        var rewriter = new SessionValueRewriter(editor);
        var any = false;
        foreach (var item in diagnostics)
        {
            if (await item.LoadAsync(cancellationToken).ConfigureAwait(false) is not { } site)
            {
                continue;
            }

            var model = site.Model;
            var invocation = site.Node?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null)
            {
                continue;
            }

            var values = FilterValues(model, invocation, cancellationToken).Distinct().ToList();
            if (values.Count != 1)
            {
                continue;
            }

            var kind = SessionValueKinds.ForValue(values[0]);
            any |= await rewriter.RewriteAsync(values[0], kind, requireSharedUse: true, cancellationToken).ConfigureAwait(false);
        }

        return any;
    }

    /// <summary>
    /// Fixed strings compared against in the delete's arguments, leaving out key names (the first of
    /// two arguments, as in <c>Filter.Eq("slug", "x")</c> or <c>new BsonDocument("slug", "x")</c>).
    /// </summary>
    private static IEnumerable<string> FilterValues(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        foreach (var expression in invocation.ArgumentList.DescendantNodes().OfType<ExpressionSyntax>())
        {
            if (expression is not (LiteralExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax) ||
                expression.Parent is MemberAccessExpressionSyntax { Name: var name } && name == expression ||
                IsKeyName(expression))
            {
                continue;
            }

            if (expression is LiteralExpressionSyntax literal && !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                continue;
            }

            if (expression is not LiteralExpressionSyntax && model.GetTypeInfo(expression, cancellationToken).Type?.SpecialType != SpecialType.System_String)
            {
                continue;
            }

            // The analyzers' value-flow engine, so the fix sees the same value the rule reported.
            if (model.GetOperation(expression, cancellationToken) is { } operation &&
                Analyzers.ValueFlow.FlowEngine.TryGetFixed(operation, cancellationToken, out var text))
            {
                yield return text.Text;
            }
        }
    }

    private static bool IsKeyName(ExpressionSyntax expression) =>
        expression.Parent is ArgumentSyntax { Parent: BaseArgumentListSyntax list } argument &&
        list.Arguments.Count >= 2 && list.Arguments[0] == argument;
}
