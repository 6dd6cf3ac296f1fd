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
using Tractatus.TestIsolation.CodeFixes.Infrastructure;
using Tractatus.TestIsolation.CodeFixes.SessionValues;

namespace Tractatus.TestIsolation.CodeFixes.Rules;

/// <summary>
/// TI1003: replaces a fixed session id with <c>TestSession.Current.Id</c> when the project
/// references Tractatus.TestIsolation, else with <c>Guid.NewGuid().ToString("N")</c>. A <c>const</c>
/// becomes <c>static readonly</c> (when nothing needs it to be constant). An expression-bodied
/// property gets the Guid fallback not at all: it would return a different id on every read.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StaticSessionIdCodeFix)), Shared]
public sealed class StaticSessionIdCodeFix : SolutionCodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.StaticSessionId);

    /// <inheritdoc />
    protected override string Title => "Use a per-run session id";

    /// <inheritdoc />
    protected override async Task<bool> ApplyAsync(SolutionEditor editor, IReadOnlyList<DiagnosticInDocument> diagnostics, CancellationToken cancellationToken)
    {
        var any = false;
        var seen = new HashSet<SyntaxNode>();
        foreach (var item in diagnostics)
        {
            if (await item.LoadAsync(cancellationToken).ConfigureAwait(false) is not { } site)
            {
                continue;
            }

            var model = site.Model;
            if (site.Node is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.StringLiteralExpression) || !seen.Add(literal))
            {
                continue;
            }

            var runtime = RuntimeTypes.From(model.Compilation);
            var hasSession = runtime.TestSession is not null && RuntimeTypes.HasMember(runtime.TestSession, "Id");
            if (!hasSession && (runtime.Guid is null || literal.Parent is ArrowExpressionClauseSyntax))
            {
                continue;
            }

            var constField = ConstFieldOf(literal);
            if (constField is not null)
            {
                var declarator = constField.Declaration.Variables[0];
                if (constField.Declaration.Variables.Count != 1 ||
                    model.GetDeclaredSymbol(declarator, cancellationToken) is not { } symbol ||
                    !await ConstantContexts.CanStopBeingConstantAsync(symbol, editor.OriginalSolution, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }
            }

            var replacement = hasSession
                ? Generate.Member(Generate.CurrentSession(runtime.TestSession!), "Id")
                : Generate.NewGuidText(runtime.Guid!);
            var documentEditor = await editor.GetDocumentEditorAsync(item.Document.Id, cancellationToken).ConfigureAwait(false);
            documentEditor.ReplaceNode(literal, replacement.WithTriviaFrom(literal));
            if (constField is not null)
            {
                documentEditor.ReplaceNode(constField, (current, _) => SessionValueRewriter.ConstToStaticReadOnly((FieldDeclarationSyntax)current));
            }

            any = true;
        }

        return any;
    }

    private static FieldDeclarationSyntax? ConstFieldOf(LiteralExpressionSyntax literal) =>
        literal.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax field } } } &&
        field.Modifiers.Any(SyntaxKind.ConstKeyword)
            ? field
            : null;
}
