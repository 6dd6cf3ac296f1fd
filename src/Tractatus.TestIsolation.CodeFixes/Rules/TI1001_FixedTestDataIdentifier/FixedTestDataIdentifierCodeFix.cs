using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Tractatus.TestIsolation.Analyzers;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.CodeFixes.Infrastructure;
using Tractatus.TestIsolation.CodeFixes.SessionValues;

namespace Tractatus.TestIsolation.CodeFixes.Rules;

/// <summary>
/// TI1001: replaces a fixed test-data identifier with a per-session one (<c>fixture.Slug("x")</c>,
/// <c>TestSession.Current.Slug("x")</c>, <c>Email</c> for addresses), rewriting every use of the
/// value together so the test still finds, asserts on and deletes its own data.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixedTestDataIdentifierCodeFix)), Shared]
public sealed class FixedTestDataIdentifierCodeFix : SolutionCodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.FixedTestDataIdentifier);

    /// <inheritdoc />
    protected override string Title => "Use a per-session value (TestSession.Slug)";

    /// <inheritdoc />
    protected override async Task<bool> ApplyAsync(SolutionEditor editor, IReadOnlyList<DiagnosticInDocument> diagnostics, CancellationToken cancellationToken)
    {
        var rewriter = new SessionValueRewriter(editor);
        var any = false;
        foreach (var item in diagnostics)
        {
            // The analyzer's own answer: the message and the fix always name the same value.
            if (!item.Diagnostic.Properties.TryGetValue(FixedTestDataIdentifierAnalyzer.ValueProperty, out var value) ||
                string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            any |= await rewriter.RewriteAsync(value!, SessionValueKinds.ForValue(value!), requireSharedUse: false, cancellationToken).ConfigureAwait(false);
        }

        return any;
    }
}
