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
using Microsoft.CodeAnalysis.Formatting;
using Tractatus.TestIsolation.Analyzers;
using Tractatus.TestIsolation.CodeFixes.Files;
using Tractatus.TestIsolation.CodeFixes.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Tractatus.TestIsolation.CodeFixes.Rules;

/// <summary>
/// TI2002: rewrites read → transform → write of one file into one locked
/// <c>SharedStateFile.UpdateText(path, text =&gt; { ...; return newText; })</c>:
/// <code>
/// var text = File.ReadAllText(p);        SharedStateFile.UpdateText(p, text =&gt;
/// statements;                     →      {
/// File.WriteAllText(p, newText);             statements;
///                                            return newText;
///                                        });
/// </code>
/// The read may sit inside an expression (<c>JsonSerializer.Deserialize&lt;T&gt;(File.ReadAllText(p))</c>);
/// it then becomes the lambda's parameter. Locals still used after the write are declared before
/// the call and assigned inside it (the transform runs exactly once, before the call returns).
/// The fix is offered only when the read statement, the statements and the write are in one block,
/// nothing in between returns, jumps out, awaits or uses what a lambda cannot capture, the path is
/// not reassigned, and no other access to the file sits in between. Async reads/writes become
/// <c>await SharedStateFile.UpdateTextAsync(...)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnlockedReadModifyWriteCodeFix)), Shared]
public sealed class UnlockedReadModifyWriteCodeFix : SolutionCodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnlockedReadModifyWrite);

    /// <inheritdoc />
    protected override string Title => "Read, transform and write in one SharedStateFile.UpdateText";

    /// <inheritdoc />
    protected override async Task<bool> ApplyAsync(SolutionEditor editor, IReadOnlyList<DiagnosticInDocument> diagnostics, CancellationToken cancellationToken)
    {
        var any = false;
        var claimed = new List<BlockSyntax>();
        var claimedStatements = new HashSet<StatementSyntax>();
        foreach (var item in diagnostics)
        {
            if (await item.LoadAsync(cancellationToken).ConfigureAwait(false) is not { } site)
            {
                continue;
            }

            var plan = Plan(site.Root, site.Model, item.Diagnostic, cancellationToken);
            if (plan is null || plan.Region.Any(s => !claimedStatements.Add(s)))
            {
                continue;
            }

            var documentEditor = await editor.GetDocumentEditorAsync(item.Document.Id, cancellationToken).ConfigureAwait(false);
            Apply(documentEditor, plan);
            any = true;
        }

        return any;
    }

    private sealed class RewritePlan
    {
        public RewritePlan(List<StatementSyntax> region, StatementSyntax replacement, List<StatementSyntax> hoisted)
        {
            Region = region;
            Replacement = replacement;
            Hoisted = hoisted;
        }

        /// <summary>The read statement through the write statement.</summary>
        public List<StatementSyntax> Region { get; }

        /// <summary>The statement holding the SharedStateFile call, replacing the write statement.</summary>
        public StatementSyntax Replacement { get; }

        /// <summary>Declarations of locals still used after the write.</summary>
        public List<StatementSyntax> Hoisted { get; }
    }

    private static void Apply(DocumentEditor editor, RewritePlan plan)
    {
        var first = plan.Region[0];
        var write = plan.Region[plan.Region.Count - 1];
        var leading = first.GetLeadingTrivia();
        foreach (var statement in plan.Region.Take(plan.Region.Count - 1))
        {
            editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
        }

        var replacement = plan.Replacement.WithLeadingTrivia(plan.Hoisted.Count == 0 ? leading : default).WithTrailingTrivia(write.GetTrailingTrivia());
        if (plan.Hoisted.Count > 0)
        {
            var hoisted = plan.Hoisted.Select((h, i) => i == 0 ? h.WithLeadingTrivia(leading) : h).ToList();
            editor.InsertBefore(write, hoisted);
        }

        editor.ReplaceNode(write, replacement.WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static RewritePlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var writeNode = DiagnosticSpans.NodeAt(root, diagnostic)?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        var write = FileTextCall.Recognize(model, writeNode, cancellationToken);
        if (write is not { Operation: FileTextOperation.Write, Content: { } content } ||
            diagnostic.AdditionalLocations.Count == 0 ||
            !SharedStateCalls.IsStablePath(model, write.Path))
        {
            return null;
        }

        var readNode = DiagnosticSpans.NodeAt(root, diagnostic.AdditionalLocations[0])?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        var read = FileTextCall.Recognize(model, readNode, cancellationToken);
        if (read is not { Operation: FileTextOperation.Read } || !SharedStateCalls.SamePath(read.Path, write.Path))
        {
            return null;
        }

        // The write is a whole statement: File.WriteAllText(...); or await File.WriteAllTextAsync(...);
        var writeResult = write.ResultExpression;
        if (writeResult.Parent is not ExpressionStatementSyntax writeStatement || writeStatement.Parent is not BlockSyntax block ||
            (write.IsAsync && writeResult is not AwaitExpressionSyntax))
        {
            return null;
        }

        var runtime = RuntimeTypes.From(model.Compilation);
        if (content.Span.Contains(read.Invocation.Span))
        {
            return PlanReadInsideWrite(model, runtime, read, write, content, writeStatement);
        }

        var readStatement = read.Invocation.Ancestors().OfType<StatementSyntax>().FirstOrDefault();
        if (readStatement is not (LocalDeclarationStatementSyntax or ExpressionStatementSyntax) || readStatement.Parent != block ||
            read.Invocation.Ancestors().TakeWhile(a => a != readStatement).Any(a => a is AnonymousFunctionExpressionSyntax or QueryExpressionSyntax))
        {
            return null;
        }

        var statements = block.Statements;
        var start = statements.IndexOf(readStatement);
        var end = statements.IndexOf(writeStatement);
        if (start < 0 || end <= start)
        {
            return null;
        }

        var region = statements.Skip(start).Take(end - start + 1).ToList();
        var readResult = read.ResultExpression;
        if (read.IsAsync && readResult is not AwaitExpressionSyntax)
        {
            return null;
        }

        var isAsync = write.IsAsync;
        if (!SharedStateCalls.Available(runtime, isAsync))
        {
            return null;
        }

        var flow = model.AnalyzeDataFlow(region[0], region[region.Count - 1]);
        var control = model.AnalyzeControlFlow(region[0], region[region.Count - 1]);
        var allowedAwaits = new HashSet<SyntaxNode>();
        if (readResult is AwaitExpressionSyntax readAwait)
        {
            allowedAwaits.Add(readAwait);
        }

        if (writeResult is AwaitExpressionSyntax writeAwait)
        {
            allowedAwaits.Add(writeAwait);
        }

        if (flow is null || control is null || !control.Succeeded || !control.ReturnStatements.IsEmpty || !control.ExitPoints.IsEmpty ||
            !LambdaSafety.CanMove(model, region, flow, allowedAwaits) ||
            WritesPath(model, write.Path, flow) ||
            OtherAccessToSameFile(region, read, write))
        {
            return null;
        }

        // Locals declared in the region and used after it are declared before the call.
        var usedAfter = flow.VariablesDeclared
            .Where(v => flow.ReadOutside.Contains(v, SymbolEqualityComparer.Default) || flow.WrittenOutside.Contains(v, SymbolEqualityComparer.Default))
            .OfType<ILocalSymbol>()
            .ToList();
        if (usedAfter.Count != flow.VariablesDeclared.Count(v => flow.ReadOutside.Contains(v, SymbolEqualityComparer.Default) || flow.WrittenOutside.Contains(v, SymbolEqualityComparer.Default)))
        {
            return null;
        }

        var hoisted = new List<StatementSyntax>();
        foreach (var local in usedAfter)
        {
            var declaration = Hoist(model, local, region, cancellationToken);
            if (declaration is null)
            {
                return null;
            }

            hoisted.Add(declaration);
        }

        // The read into a plain local (var text = File.ReadAllText(p);) becomes the lambda parameter itself.
        var body = new List<StatementSyntax>();
        string parameterName;
        var skipFirst = false;
        if (readStatement is LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } simple &&
            simple.Declaration.Variables[0].Initializer?.Value == readResult &&
            (simple.Declaration.Type.IsVar || model.GetTypeInfo(simple.Declaration.Type, cancellationToken).Type?.SpecialType == SpecialType.System_String) &&
            !usedAfter.Any(l => l.Name == simple.Declaration.Variables[0].Identifier.ValueText) &&
            simple.Modifiers.Count == 0)
        {
            parameterName = simple.Declaration.Variables[0].Identifier.ValueText;
            skipFirst = true;
        }
        else
        {
            parameterName = LambdaSafety.FreshName(model, readStatement.SpanStart, region, "current");
        }

        var usedAfterNames = new HashSet<string>(usedAfter.Select(l => l.Name));
        for (var i = skipFirst ? 1 : 0; i < region.Count - 1; i++)
        {
            var statement = region[i];
            if (i == 0)
            {
                statement = statement.ReplaceNode(readResult, IdentifierName(parameterName).WithTriviaFrom(readResult));
            }

            body.Add(AssignInsteadOfDeclare(statement, usedAfterNames).WithAdditionalAnnotations(Formatter.Annotation));
        }

        var returned = content.WithoutTrivia();
        CSharpSyntaxNode lambdaBody = body.Count == 0
            ? returned
            : Block(body.Append(ReturnStatement(returned)));
        var lambda = SimpleLambdaExpression(Parameter(Identifier(parameterName)), lambdaBody);
        var call = SharedStateCalls.UpdateText(runtime, isAsync, write.Path, lambda, write.CancellationToken ?? read.CancellationToken);
        var newWriteStatement = writeStatement.ReplaceNode(write.Invocation, call.WithTriviaFrom(write.Invocation));
        return new RewritePlan(region, newWriteStatement, hoisted);
    }

    /// <summary><c>File.WriteAllText(p, File.ReadAllText(p) + x);</c> → <c>SharedStateFile.UpdateText(p, current =&gt; current + x);</c></summary>
    private static RewritePlan? PlanReadInsideWrite(SemanticModel model, RuntimeTypes runtime, FileTextCall read, FileTextCall write, ExpressionSyntax content, ExpressionStatementSyntax writeStatement)
    {
        var readResult = read.ResultExpression;
        if (!SharedStateCalls.Available(runtime, write.IsAsync) ||
            (read.IsAsync && readResult is not AwaitExpressionSyntax) ||
            read.Invocation.Ancestors().TakeWhile(a => a != content).Any(a => a is AnonymousFunctionExpressionSyntax or QueryExpressionSyntax))
        {
            return null;
        }

        var allowed = new HashSet<SyntaxNode>();
        if (readResult is AwaitExpressionSyntax readAwait)
        {
            allowed.Add(readAwait);
        }

        if (!LambdaSafety.CanMove(model, new SyntaxNode[] { content }, model.AnalyzeDataFlow(content), allowed))
        {
            return null;
        }

        var name = LambdaSafety.FreshName(model, writeStatement.SpanStart, new SyntaxNode[] { content }, "current");
        var body = content.ReplaceNode(readResult, IdentifierName(name).WithTriviaFrom(readResult)).WithoutTrivia();
        var lambda = SimpleLambdaExpression(Parameter(Identifier(name)), body);
        var call = SharedStateCalls.UpdateText(runtime, write.IsAsync, write.Path, lambda, write.CancellationToken ?? read.CancellationToken);
        var replacement = writeStatement.ReplaceNode(write.Invocation, call.WithTriviaFrom(write.Invocation));
        return new RewritePlan(new List<StatementSyntax> { writeStatement }, replacement, new List<StatementSyntax>());
    }

    private static bool WritesPath(SemanticModel model, ExpressionSyntax path, DataFlowAnalysis flow)
    {
        foreach (var name in path.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            var symbol = model.GetSymbolInfo(name).Symbol;
            if (symbol is not null && flow.WrittenInside.Contains(symbol, SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Another call in the region that names the same path (a second read, a delete, another write).</summary>
    private static bool OtherAccessToSameFile(List<StatementSyntax> region, FileTextCall read, FileTextCall write)
    {
        foreach (var invocation in region.SelectMany(s => s.DescendantNodes()).OfType<InvocationExpressionSyntax>())
        {
            if (invocation == read.Invocation || invocation == write.Invocation)
            {
                continue;
            }

            if (invocation.ArgumentList.Arguments.Count > 0 &&
                SharedStateCalls.SamePath(invocation.ArgumentList.Arguments[0].Expression, write.Path) &&
                invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } &&
                !name.StartsWith("Exists", System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>T name = default!;</c> for a local that must outlive the lambda; null when its type cannot be written.</summary>
    private static StatementSyntax? Hoist(SemanticModel model, ILocalSymbol local, List<StatementSyntax> region, CancellationToken cancellationToken)
    {
        var type = local.Type;
        if (type.IsAnonymousType || type is IErrorTypeSymbol || local.IsRef || local.IsConst || type.IsRefLikeType)
        {
            return null;
        }

        // Only locals from a simple declaration statement of the region (not pattern or out variables).
        var declarator = local.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<VariableDeclaratorSyntax>().FirstOrDefault();
        if (declarator?.Parent?.Parent is not LocalDeclarationStatementSyntax statement || !region.Contains(statement))
        {
            return null;
        }

        if (statement.Declaration.Variables.Count != 1)
        {
            return null;
        }

        var nullableEnabled = (model.GetNullableContext(statement.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
        var written = type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : type;

        // Assigned inside the transform, which runs once before UpdateText returns; the compiler cannot see that.
        ExpressionSyntax initial = !type.IsReferenceType
            ? LiteralExpression(SyntaxKind.DefaultLiteralExpression, Token(SyntaxKind.DefaultKeyword))
            : nullableEnabled
                ? PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, LiteralExpression(SyntaxKind.NullLiteralExpression))
                : LiteralExpression(SyntaxKind.NullLiteralExpression);
        return LocalDeclarationStatement(
                VariableDeclaration(Generate.Type(written))
                    .AddVariables(VariableDeclarator(local.Name).WithInitializer(EqualsValueClause(initial))))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary><c>var x = e;</c> → <c>x = e;</c> for the hoisted locals.</summary>
    private static StatementSyntax AssignInsteadOfDeclare(StatementSyntax statement, HashSet<string> hoisted)
    {
        if (hoisted.Count == 0 || statement is not LocalDeclarationStatementSyntax declaration ||
            !declaration.Declaration.Variables.Any(v => hoisted.Contains(v.Identifier.ValueText)))
        {
            return statement;
        }

        // Hoisted locals come from single-variable declarations (checked in Hoist).
        var variable = declaration.Declaration.Variables[0];
        var value = variable.Initializer?.Value ?? LiteralExpression(SyntaxKind.DefaultLiteralExpression, Token(SyntaxKind.DefaultKeyword));
        return ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(variable.Identifier.ValueText), value))
            .WithTriviaFrom(statement);
    }
}
