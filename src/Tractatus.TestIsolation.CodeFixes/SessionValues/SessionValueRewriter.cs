using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Tractatus.TestIsolation.CodeFixes.Infrastructure;
using Tractatus.TestIsolation.CodeFixes.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Tractatus.TestIsolation.CodeFixes.SessionValues;

/// <summary>
/// Turns one fixed value into one per-session value everywhere it is used, so the code that
/// inserts data and the code that finds, asserts on or deletes it keep agreeing:
/// <list type="bullet">
/// <item>used once → that use becomes <c>fixture.Slug("x")</c> (a fixture in scope) or <c>TestSession.Current.Slug("x")</c>;</item>
/// <item>held by one static field or constant → its initializer becomes the session value
/// (<c>const</c> → <c>static readonly</c>) and the other literal uses refer to it;</item>
/// <item>otherwise → a new <c>static readonly</c> field holds the value and every use refers to it.</item>
/// </list>
/// Nothing is changed when a use needs a constant (attribute, case label, a <c>const</c> that
/// cannot stop being one), when uses span projects, or when the runtime is not referenced.
/// </summary>
internal sealed class SessionValueRewriter
{
    private readonly SolutionEditor _editor;
    private readonly MemberNames _names = new();
    private readonly Dictionary<string, bool> _results = new(StringComparer.Ordinal);

    public SessionValueRewriter(SolutionEditor editor) => _editor = editor;

    private Solution Solution => _editor.OriginalSolution;

    /// <summary>
    /// Rewrites every use of <paramref name="value"/>; returns false (and edits nothing) when it
    /// cannot. <paramref name="requireSharedUse"/>: only when the value is used somewhere besides one
    /// place (a teardown that deletes data the same code created).
    /// </summary>
    public async Task<bool> RewriteAsync(string value, SessionValueKind kind, bool requireSharedUse, CancellationToken cancellationToken)
    {
        var key = ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\0" + value;
        if (_results.TryGetValue(key, out var done))
        {
            return done;
        }

        var result = await TryRewriteAsync(value, kind, requireSharedUse, cancellationToken).ConfigureAwait(false);
        _results[key] = result;
        return result;
    }

    private async Task<bool> TryRewriteAsync(string value, SessionValueKind kind, bool requireSharedUse, CancellationToken cancellationToken)
    {
        var occurrences = await OccurrenceFinder.FindAsync(Solution, value, cancellationToken).ConfigureAwait(false);
        if (occurrences.Count == 0 ||
            occurrences.Any(o => o.Role == OccurrenceRole.Frozen) ||
            occurrences.Select(o => o.Document.Project.Id).Distinct().Count() > 1)
        {
            return false;
        }

        var compilation = occurrences[0].Model.Compilation;
        var runtime = RuntimeTypes.From(compilation);
        if (runtime.TestSession is null ||
            (kind is SessionValueKind.MongoDatabaseName or SessionValueKind.PostgreSqlDatabaseName && runtime.DatabaseNameRules is null) ||
            (kind is SessionValueKind.MongoDatabaseName or SessionValueKind.PostgreSqlDatabaseName && !occurrences.All(IsDatabaseNameUse)) ||
            (kind is SessionValueKind.Slug or SessionValueKind.Email && occurrences.Any(o => DatabaseNameApi.NamesStoreObject(o.Model, o.Literal))))
        {
            return false;
        }

        foreach (var occurrence in occurrences)
        {
            if (IsConstant(occurrence.Declared) &&
                !await ConstantContexts.CanStopBeingConstantAsync(occurrence.Declared!, Solution, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        if (requireSharedUse && occurrences.Count == 1 && !await IsReferencedMoreThanOnceAsync(occurrences[0].Declared, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var current = Generate.CurrentSession(runtime.TestSession);
        if (occurrences.Count == 1 && occurrences[0].Role != OccurrenceRole.Returned)
        {
            var only = occurrences[0];
            var fixture = only.Role == OccurrenceRole.MemberInitializer ? null : FixtureLocator.Find(only.Model, only.Literal, runtime);
            var useFixture = fixture is not null && FixtureHas(runtime, kind);
            var replacement = SessionValue(useFixture ? fixture! : current, only.Literal, kind, runtime, useFixture);
            await ReplaceAsync(only, replacement, cancellationToken).ConfigureAwait(false);
            return true;
        }

        var holders = occurrences.Where(o => o.Role == OccurrenceRole.MemberInitializer).ToList();
        if (holders.Count == 1 && CanShare(holders[0], occurrences))
        {
            var holder = holders[0];
            await ReplaceAsync(holder, SessionValue(current, holder.Literal, kind, runtime, fromFixture: false), cancellationToken).ConfigureAwait(false);
            var reference = Generate.Member(Generate.Type(holder.Declared!.ContainingType), holder.Declared.Name);
            foreach (var other in occurrences.Where(o => o != holder))
            {
                await ReplaceAsync(other, reference, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        return await ShareThroughNewFieldAsync(occurrences, value, kind, runtime, current, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> ShareThroughNewFieldAsync(
        IReadOnlyList<Occurrence> occurrences, string value, SessionValueKind kind, RuntimeTypes runtime, ExpressionSyntax current, CancellationToken cancellationToken)
    {
        if (occurrences.Any(o => o.TopLevelType is null))
        {
            return false;
        }

        var owner = occurrences
            .Where(o => o.TopLevelType is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax)
            .GroupBy(o => o.TopLevelType!)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.First().Document.FilePath ?? g.First().Document.Name, StringComparer.Ordinal)
            .ThenBy(g => g.Key.SpanStart)
            .Select(g => g.First())
            .FirstOrDefault();
        if (owner?.Model.GetDeclaredSymbol(owner.TopLevelType!, cancellationToken) is not INamedTypeSymbol ownerType)
        {
            return false;
        }

        var crossType = occurrences
            .Select(o => o.Model.GetDeclaredSymbol(o.TopLevelType!, cancellationToken))
            .Distinct(SymbolEqualityComparer.Default)
            .Count() > 1;
        if (crossType && ownerType.IsGenericType)
        {
            return false;
        }

        var name = _names.For(ownerType, value, kind);
        var field = FieldDeclaration(
                VariableDeclaration(PredefinedType(Token(SyntaxKind.StringKeyword)))
                    .AddVariables(VariableDeclarator(name).WithInitializer(EqualsValueClause(SessionValue(current, owner.Literal, kind, runtime, fromFixture: false)))))
            .WithModifiers(TokenList(
                Token(crossType ? SyntaxKind.InternalKeyword : SyntaxKind.PrivateKeyword),
                Token(SyntaxKind.StaticKeyword),
                Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);

        var ownerEditor = await _editor.GetDocumentEditorAsync(owner.Document.Id, cancellationToken).ConfigureAwait(false);
        ownerEditor.InsertMembers(owner.TopLevelType!, 0, new SyntaxNode[] { field });

        var reference = Generate.Member(Generate.Type(ownerType), name);
        foreach (var occurrence in occurrences)
        {
            await ReplaceAsync(occurrence, reference, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// The one static holder can serve every other use: they can see it, and no static initializer
    /// declared before it in its type reads it (static fields initialize in declaration order).
    /// </summary>
    private static bool CanShare(Occurrence holder, IReadOnlyList<Occurrence> occurrences)
    {
        var isStatic = holder.Declared switch
        {
            IFieldSymbol field => field.IsStatic || field.IsConst,
            IPropertySymbol property => property.IsStatic,
            _ => false,
        };
        if (!isStatic || holder.Declared!.ContainingType.IsGenericType)
        {
            return false;
        }

        foreach (var other in occurrences)
        {
            if (other == holder)
            {
                continue;
            }

            if (!other.Model.IsAccessible(other.Literal.SpanStart, holder.Declared))
            {
                return false;
            }

            if (other.Literal.SyntaxTree == holder.Literal.SyntaxTree &&
                other.TopLevelType == holder.TopLevelType &&
                other.Literal.SpanStart < holder.Literal.SpanStart &&
                InStaticInitializer(other.Literal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool InStaticInitializer(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case FieldDeclarationSyntax field:
                    return field.Modifiers.Any(SyntaxKind.StaticKeyword) || field.Modifiers.Any(SyntaxKind.ConstKeyword);
                case PropertyDeclarationSyntax property:
                    return property.Initializer is not null && property.Modifiers.Any(SyntaxKind.StaticKeyword);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private async Task<bool> IsReferencedMoreThanOnceAsync(ISymbol? declared, CancellationToken cancellationToken)
    {
        if (declared is null)
        {
            return false;
        }

        var references = await SymbolFinder.FindReferencesAsync(declared, Solution, cancellationToken).ConfigureAwait(false);
        return references.SelectMany(r => r.Locations).Count(l => !l.IsImplicit) > 1;
    }

    /// <summary>Replaces the literal; a <c>const</c> it initializes stops being one.</summary>
    private async Task ReplaceAsync(Occurrence occurrence, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var editor = await _editor.GetDocumentEditorAsync(occurrence.Document.Id, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(occurrence.Literal, replacement.WithTriviaFrom(occurrence.Literal));

        if (occurrence.Role == OccurrenceRole.MemberInitializer && occurrence.Declared is IFieldSymbol { IsConst: true } &&
            occurrence.Literal.FirstAncestorOrSelf<FieldDeclarationSyntax>() is { } field)
        {
            editor.ReplaceNode(field, (node, _) => ConstToStaticReadOnly((FieldDeclarationSyntax)node));
        }
        else if (occurrence.Role == OccurrenceRole.LocalConstInitializer &&
                 occurrence.Literal.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } local)
        {
            editor.ReplaceNode(local, (node, _) => WithoutConst((LocalDeclarationStatementSyntax)node));
        }
    }

    internal static FieldDeclarationSyntax ConstToStaticReadOnly(FieldDeclarationSyntax field)
    {
        var modifiers = field.Modifiers;
        var index = modifiers.IndexOf(SyntaxKind.ConstKeyword);
        if (index < 0)
        {
            return field;
        }

        var constKeyword = modifiers[index];
        var staticKeyword = Token(constKeyword.LeadingTrivia, SyntaxKind.StaticKeyword, TriviaList(Space));
        var readOnlyKeyword = Token(TriviaList(), SyntaxKind.ReadOnlyKeyword, constKeyword.TrailingTrivia);
        return field.WithModifiers(modifiers.RemoveAt(index).Insert(index, readOnlyKeyword).Insert(index, staticKeyword));
    }

    private static LocalDeclarationStatementSyntax WithoutConst(LocalDeclarationStatementSyntax local)
    {
        var index = local.Modifiers.IndexOf(SyntaxKind.ConstKeyword);
        if (index < 0)
        {
            return local;
        }

        var constKeyword = local.Modifiers[index];
        var result = local.WithModifiers(local.Modifiers.RemoveAt(index));
        return index == 0 ? result.WithLeadingTrivia(constKeyword.LeadingTrivia) : result;
    }

    private static ExpressionSyntax SessionValue(ExpressionSyntax receiver, LiteralExpressionSyntax literal, SessionValueKind kind, RuntimeTypes runtime, bool fromFixture)
    {
        var argument = Generate.Copy(literal);
        return kind switch
        {
            SessionValueKind.Email => Generate.Call(receiver, "Email", argument),
            SessionValueKind.Slug => Generate.Call(receiver, "Slug", argument),
            _ when fromFixture => Generate.Member(receiver, "DatabaseName"),
            _ => Generate.Call(
                receiver,
                "DatabaseName",
                argument,
                Generate.Member(Generate.Type(runtime.DatabaseNameRules!), kind == SessionValueKind.MongoDatabaseName ? "MongoDB" : "PostgreSql")),
        };
    }

    private static bool FixtureHas(RuntimeTypes runtime, SessionValueKind kind) => kind switch
    {
        SessionValueKind.Email => RuntimeTypes.HasMember(runtime.SessionIsolatedFixture, "Email"),
        SessionValueKind.Slug => RuntimeTypes.HasMember(runtime.SessionIsolatedFixture, "Slug"),
        _ => RuntimeTypes.HasMember(runtime.SessionIsolatedFixture, "DatabaseName"),
    };

    private static bool IsConstant(ISymbol? symbol) => symbol is IFieldSymbol { IsConst: true } or ILocalSymbol { IsConst: true };

    /// <summary>For database names: every literal use names a database (not a collection that happens to share the name).</summary>
    private static bool IsDatabaseNameUse(Occurrence occurrence) =>
        occurrence.Role is OccurrenceRole.MemberInitializer or OccurrenceRole.LocalConstInitializer ||
        DatabaseNameApi.KindOf(occurrence.Model, occurrence.Literal) is not null;
}
