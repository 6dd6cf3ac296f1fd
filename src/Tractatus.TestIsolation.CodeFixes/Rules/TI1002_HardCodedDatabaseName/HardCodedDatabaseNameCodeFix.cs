using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Tractatus.TestIsolation.Analyzers;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.CodeFixes.Infrastructure;
using Tractatus.TestIsolation.CodeFixes.SessionValues;

namespace Tractatus.TestIsolation.CodeFixes.Rules;

/// <summary>
/// TI1002: replaces a hard-coded database name passed to <c>GetDatabase</c>/<c>DropDatabase</c> (or
/// assigned to <c>NpgsqlConnectionStringBuilder.Database</c>) with the session's database name:
/// <c>fixture.DatabaseName</c>, else <c>TestSession.Current.DatabaseName("x", DatabaseNameRules.MongoDB)</c>.
/// Every use of the name gets the same value. Connection-string literals get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HardCodedDatabaseNameCodeFix)), Shared]
public sealed class HardCodedDatabaseNameCodeFix : SolutionCodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.HardCodedDatabaseName);

    /// <inheritdoc />
    protected override string Title => "Use the session database name";

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
            var node = site.Node;
            if (node is ArgumentSyntax argument)
            {
                node = argument.Expression;
            }

            // The analyzer's name; only a literal that is exactly the name is rewritten (not a connection string).
            if (!item.Diagnostic.Properties.TryGetValue(HardCodedDatabaseNameAnalyzer.NameProperty, out var name) || name is null ||
                node is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.StringLiteralExpression) ||
                literal.Token.ValueText != name ||
                DatabaseNameApi.KindOf(model, literal) is not { } kind || !DatabaseNameApi.IsUsablePrefix(name))
            {
                continue;
            }

            any |= await rewriter.RewriteAsync(name, kind, requireSharedUse: false, cancellationToken).ConfigureAwait(false);
        }

        return any;
    }
}
