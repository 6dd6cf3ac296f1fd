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
using Tractatus.TestIsolation.CodeFixes.Files;
using Tractatus.TestIsolation.CodeFixes.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Tractatus.TestIsolation.CodeFixes.Rules;

/// <summary>
/// TI2001: routes a plain write of a shared state file through <c>SharedStateFile</c>:
/// <c>File.WriteAllText(p, text)</c> → <c>SharedStateFile.UpdateText(p, _ =&gt; text)</c>,
/// <c>File.AppendAllText(p, text)</c> → <c>SharedStateFile.UpdateText(p, current =&gt; current + text)</c>,
/// and the <c>Async</c> forms. No fix when the same method also reads the file first: wrapping
/// only the write would hide a read-modify-write that still loses updates (TI2002 fixes that).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnlockedSharedStateWriteCodeFix)), Shared]
public sealed class UnlockedSharedStateWriteCodeFix : SolutionCodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnlockedSharedStateWrite);

    /// <inheritdoc />
    protected override string Title => "Write through SharedStateFile";

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
            var node = WriteInvocationAt(site.Root, item.Diagnostic);
            if (FileTextCall.Recognize(model, node, cancellationToken) is not { Operation: not FileTextOperation.Read, Content: { } content } write ||
                !seen.Add(write.Invocation))
            {
                continue;
            }

            var runtime = RuntimeTypes.From(model.Compilation);
            if (!SharedStateCalls.Available(runtime, write.IsAsync) ||
                !LambdaSafety.CanMove(model, new SyntaxNode[] { content }, model.AnalyzeDataFlow(content)) ||
                ReadsSamePathFirst(model, write, cancellationToken))
            {
                continue;
            }

            LambdaExpressionSyntax transform;
            if (write.Operation == FileTextOperation.Write)
            {
                transform = SimpleLambdaExpression(Parameter(Identifier("_")), content.WithoutTrivia());
            }
            else
            {
                var name = LambdaSafety.FreshName(model, write.Invocation.SpanStart, new[] { content }, "current");
                transform = SimpleLambdaExpression(
                    Parameter(Identifier(name)),
                    BinaryExpression(SyntaxKind.AddExpression, IdentifierName(name), Parenthesize(content.WithoutTrivia())));
            }

            var replacement = SharedStateCalls.UpdateText(runtime, write.IsAsync, write.Path, transform, write.CancellationToken);
            var documentEditor = await editor.GetDocumentEditorAsync(item.Document.Id, cancellationToken).ConfigureAwait(false);
            documentEditor.ReplaceNode(write.Invocation, replacement.WithTriviaFrom(write.Invocation));
            any = true;
        }

        return any;
    }

    private static SyntaxNode? WriteInvocationAt(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = Infrastructure.DiagnosticSpans.NodeAt(root, diagnostic);
        return node?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
    }

    private static ExpressionSyntax Parenthesize(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or LiteralExpressionSyntax or InvocationExpressionSyntax or MemberAccessExpressionSyntax or InterpolatedStringExpressionSyntax
            ? expression
            : ParenthesizedExpression(expression);

    private static bool ReadsSamePathFirst(SemanticModel model, FileTextCall write, CancellationToken cancellationToken)
    {
        var body = SharedStateCalls.EnclosingBody(write.Invocation);
        if (body is null)
        {
            return false;
        }

        foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.SpanStart >= write.Invocation.SpanStart)
            {
                break;
            }

            if (invocation.ArgumentList.Arguments.Count > 0 &&
                SharedStateCalls.SamePath(invocation.ArgumentList.Arguments[0].Expression, write.Path) &&
                model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ContainingType: { } type, Name: var name } &&
                type.ToDisplayString() == "System.IO.File" &&
                (name.StartsWith("Read", System.StringComparison.Ordinal) || name.StartsWith("Open", System.StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
