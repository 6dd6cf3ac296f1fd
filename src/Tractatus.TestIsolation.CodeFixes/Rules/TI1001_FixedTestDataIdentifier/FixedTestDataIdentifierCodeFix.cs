using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Tractatus.TestIsolation.Analyzers;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.CodeFixes.SessionValues;

namespace Tractatus.TestIsolation.CodeFixes.Rules;

/// <summary>
/// TI1001: replaces a fixed test-data identifier with a per-session one (<c>fixture.Slug("x")</c>,
/// <c>TestSession.Current.Slug("x")</c>, <c>Email</c> for addresses), rewriting every use of the
/// value together so the test still finds, asserts on and deletes its own data.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixedTestDataIdentifierCodeFix)), Shared]
public sealed class FixedTestDataIdentifierCodeFix : ReportedValueCodeFix
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.FixedTestDataIdentifier);

    /// <inheritdoc />
    protected override string Title => "Use a per-session value (TestSession.Slug)";

    /// <inheritdoc />
    protected override string ValueProperty => FixedTestDataIdentifierAnalyzer.ValueProperty;

    /// <inheritdoc />
    protected override bool RequireSharedUse => false;
}
