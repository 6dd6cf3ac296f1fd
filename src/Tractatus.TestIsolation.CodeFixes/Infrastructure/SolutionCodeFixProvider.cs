using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace Tractatus.TestIsolation.CodeFixes.Infrastructure;

/// <summary>
/// Base of every fix in this package. A fix is computed for a set of diagnostics at once against
/// the original solution, so "fix one" and "fix all" run the same code: values that must stay
/// equal (the slug a test inserts and the one it filters on) are rewritten together, once, even
/// when their diagnostics are fixed in one batch. A diagnostic whose code does not have a shape
/// the fix can rewrite without changing behaviour gets no code action at all.
/// </summary>
public abstract class SolutionCodeFixProvider : CodeFixProvider
{
    /// <summary>Title of the code action; also its equivalence key.</summary>
    protected abstract string Title { get; }

    /// <inheritdoc />
    public sealed override FixAllProvider GetFixAllProvider() => new BatchProvider(this);

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var fixedSolution = await FixAsync(
                context.Document.Project.Solution,
                new[] { new DiagnosticInDocument(context.Document, diagnostic) },
                context.CancellationToken).ConfigureAwait(false);
            if (fixedSolution is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, _ => Task.FromResult(fixedSolution), Title),
                diagnostic);
        }
    }

    /// <summary>Applies the fix for every diagnostic it can; <c>null</c> when none could be fixed.</summary>
    internal async Task<Solution?> FixAsync(Solution solution, IReadOnlyList<DiagnosticInDocument> diagnostics, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        if (!await ApplyAsync(editor, diagnostics, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var changed = editor.GetChangedSolution();
        var changedDocuments = changed.GetChanges(solution).GetProjectChanges()
            .SelectMany(project => project.GetChangedDocuments())
            .ToList();
        foreach (var id in changedDocuments)
        {
            var document = changed.GetDocument(id);
            if (document is not null)
            {
                changed = (await CodeCleanup.RunAsync(document, cancellationToken).ConfigureAwait(false)).Project.Solution;
            }
        }

        return changed;
    }

    /// <summary>
    /// Records the edits for the diagnostics it can fix in <paramref name="editor"/>; returns true
    /// when it recorded any. Diagnostics it cannot fix are skipped silently.
    /// </summary>
    protected abstract Task<bool> ApplyAsync(SolutionEditor editor, IReadOnlyList<DiagnosticInDocument> diagnostics, CancellationToken cancellationToken);

    /// <summary>Fix all in document, project or solution: one pass over every diagnostic in scope.</summary>
    private sealed class BatchProvider : FixAllProvider
    {
        private readonly SolutionCodeFixProvider _owner;

        public BatchProvider(SolutionCodeFixProvider owner) => _owner = owner;

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var documents = fixAllContext.Scope switch
            {
                FixAllScope.Document when fixAllContext.Document is not null => new[] { fixAllContext.Document },
                FixAllScope.Project => fixAllContext.Project.Documents.ToArray(),
                FixAllScope.Solution => fixAllContext.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
                _ => System.Array.Empty<Document>(),
            };

            var diagnostics = new List<DiagnosticInDocument>();
            foreach (var document in documents)
            {
                var found = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                diagnostics.AddRange(found.Select(d => new DiagnosticInDocument(document, d)));
            }

            if (diagnostics.Count == 0)
            {
                return null;
            }

            var solution = fixAllContext.Solution;
            return CodeAction.Create(
                _owner.Title,
                async cancellationToken => await _owner.FixAsync(solution, diagnostics, cancellationToken).ConfigureAwait(false) ?? solution,
                fixAllContext.CodeActionEquivalenceKey ?? _owner.Title);
        }
    }
}

/// <summary>A diagnostic and the document it was reported in.</summary>
public readonly struct DiagnosticInDocument
{
    /// <summary>Creates the pair.</summary>
    public DiagnosticInDocument(Document document, Diagnostic diagnostic)
    {
        Document = document;
        Diagnostic = diagnostic;
    }

    /// <summary>The document the diagnostic's location is in.</summary>
    public Document Document { get; }

    /// <summary>The diagnostic.</summary>
    public Diagnostic Diagnostic { get; }

    /// <summary>The document's syntax root and semantic model; <c>null</c> when the document has neither.</summary>
    internal async Task<DocumentSite?> LoadAsync(CancellationToken cancellationToken)
    {
        var root = await Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is null || model is null ? null : new DocumentSite(root, model, DiagnosticSpans.NodeAt(root, Diagnostic));
    }
}

/// <summary>What a fix reads of the document a diagnostic is in, and the node the diagnostic is on.</summary>
internal sealed class DocumentSite
{
    public DocumentSite(SyntaxNode root, SemanticModel model, SyntaxNode? node)
    {
        Root = root;
        Model = model;
        Node = node;
    }

    public SyntaxNode Root { get; }

    public SemanticModel Model { get; }

    /// <summary>The node the diagnostic is reported on, when the span still points at one.</summary>
    public SyntaxNode? Node { get; }
}
