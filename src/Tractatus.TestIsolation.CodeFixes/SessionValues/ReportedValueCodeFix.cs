using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Editing;
using Tractatus.TestIsolation.CodeFixes.Infrastructure;

namespace Tractatus.TestIsolation.CodeFixes.SessionValues;

/// <summary>
/// A fix that rewrites the fixed value its rule reported (the diagnostic's <c>Value</c> property) to a
/// per-session one, everywhere it is used, so the message and the fix always name the same value. A
/// diagnostic without the property (the rule could not name one value) gets no fix.
/// </summary>
public abstract class ReportedValueCodeFix : SolutionCodeFixProvider
{
    /// <summary>The diagnostic property that holds the reported value.</summary>
    protected abstract string ValueProperty { get; }

    /// <summary>
    /// True when the value is rewritten only if the same code also uses it elsewhere (a delete scoped to what
    /// this code inserted); false when the reported use is reason enough.
    /// </summary>
    protected abstract bool RequireSharedUse { get; }

    /// <inheritdoc />
    protected sealed override async Task<bool> ApplyAsync(SolutionEditor editor, IReadOnlyList<DiagnosticInDocument> diagnostics, CancellationToken cancellationToken)
    {
        var rewriter = new SessionValueRewriter(editor);
        var any = false;
        foreach (var item in diagnostics)
        {
            if (!item.Diagnostic.Properties.TryGetValue(ValueProperty, out var value) || string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            any |= await rewriter.RewriteAsync(value!, SessionValueKinds.ForValue(value!), RequireSharedUse, cancellationToken).ConfigureAwait(false);
        }

        return any;
    }
}
