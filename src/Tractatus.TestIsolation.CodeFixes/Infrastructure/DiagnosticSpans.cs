using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Tractatus.TestIsolation.CodeFixes.Infrastructure;

/// <summary>
/// Finds where a diagnostic's location is in the document as it is now. The IDE and the test
/// framework hand fixes diagnostics of the current text, but <c>dotnet format analyzers</c>
/// computes every diagnostic once and applies the fixers rule after rule: by the time the TI1001
/// fixer runs, the TI1002 fix may have added a <c>using</c> line above, and the spans are stale.
/// The span is moved by the length of the edits before it; an edit inside it means the code the
/// diagnostic was about is gone, and the diagnostic is skipped.
/// </summary>
internal static class DiagnosticSpans
{
    public static TextSpan? InCurrent(Location location, SyntaxTree current)
    {
        if (!location.IsInSource)
        {
            return null;
        }

        var span = location.SourceSpan;
        var original = location.SourceTree;
        if (original is null || original == current)
        {
            return span;
        }

        var oldText = original.GetText();
        var newText = current.GetText();
        var delta = 0;
        foreach (var change in newText.GetChangeRanges(oldText).OrderBy(c => c.Span.Start))
        {
            if (change.Span.End <= span.Start)
            {
                delta += change.NewLength - change.Span.Length;
            }
            else if (change.Span.Start >= span.End)
            {
                break;
            }
            else
            {
                return null;
            }
        }

        var mapped = new TextSpan(span.Start + delta, span.Length);
        if (mapped.End > newText.Length || newText.ToString(mapped) != oldText.ToString(span))
        {
            return null;
        }

        return mapped;
    }
}
