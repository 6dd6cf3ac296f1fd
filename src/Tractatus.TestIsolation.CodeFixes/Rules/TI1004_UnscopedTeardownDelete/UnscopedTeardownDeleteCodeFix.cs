using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Tractatus.TestIsolation.Analyzers;
using Tractatus.TestIsolation.Analyzers.Rules;
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
public sealed class UnscopedTeardownDeleteCodeFix : ReportedValueCodeFix
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnscopedTeardownDelete);

    /// <inheritdoc />
    protected override string Title => "Delete only this session's data (per-session identifier)";

    /// <inheritdoc />
    protected override string ValueProperty => UnscopedTeardownDeleteAnalyzer.ValueProperty;

    /// <inheritdoc />
    protected override bool RequireSharedUse => true;
}
