using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Tractatus.TestIsolation.CodeFixes.Infrastructure;

/// <summary>
/// Finds where a diagnostic's location is in the document as it is now. The IDE and the test
/// framework hand fixes diagnostics of the current text, but <c>dotnet format analyzers</c>
/// computes every diagnostic once and applies the fixers rule after rule: by the time the TI1001
/// fixer runs, the TI1002 fix may have added a <c>using</c> line above, and the spans are stale.
/// Unchanged lines are matched between the two texts (longest common subsequence) and the span
/// moves with its lines; when its lines were edited, the diagnostic is skipped.
/// </summary>
internal static class DiagnosticSpans
{
    // Beyond this many line pairs a file is too large to diff here; the diagnostic is skipped.
    private const long MaxCells = 4_000_000;

    /// <summary>The node a diagnostic's span covers in the document as it is now.</summary>
    public static SyntaxNode? NodeAt(SyntaxNode root, Diagnostic diagnostic) => NodeAt(root, diagnostic.Location);

    /// <summary>The node a location (a diagnostic's or one of its additional locations) covers in the current tree.</summary>
    public static SyntaxNode? NodeAt(SyntaxNode root, Location location)
    {
        var span = InCurrent(location, root.SyntaxTree);
        return span is { } current && root.FullSpan.Contains(current) ? root.FindNode(current, getInnermostNodeForTie: true) : null;
    }

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
        if (oldText.ContentEquals(newText))
        {
            return span;
        }

        var lineMap = MapLines(oldText, newText);
        if (lineMap is null)
        {
            return null;
        }

        var startLine = oldText.Lines.GetLinePosition(span.Start);
        var endLine = oldText.Lines.GetLinePosition(span.End);
        if (!lineMap.TryGetValue(startLine.Line, out var newStartLine) || !lineMap.TryGetValue(endLine.Line, out var newEndLine) ||
            newEndLine - newStartLine != endLine.Line - startLine.Line)
        {
            return null;
        }

        var start = newText.Lines[newStartLine].Start + startLine.Character;
        var mapped = new TextSpan(start, span.Length);
        if (mapped.End > newText.Length || newText.ToString(mapped) != oldText.ToString(span))
        {
            return null;
        }

        return mapped;
    }

    /// <summary>Old line number → new line number for the lines both texts share in order.</summary>
    private static Dictionary<int, int>? MapLines(SourceText oldText, SourceText newText)
    {
        var a = oldText.Lines.Select(l => l.ToString()).ToArray();
        var b = newText.Lines.Select(l => l.ToString()).ToArray();

        // Lines equal at both ends need no table.
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        if ((long)n * m > MaxCells)
        {
            return null;
        }

        var map = new Dictionary<int, int>();
        for (var i = 0; i < prefix; i++)
        {
            map[i] = i;
        }

        for (var i = 0; i < suffix; i++)
        {
            map[a.Length - 1 - i] = b.Length - 1 - i;
        }

        // lengths[i, j]: LCS length of a[prefix + i ..] and b[prefix + j ..] in the middle part.
        var lengths = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lengths[i, j] = a[prefix + i] == b[prefix + j]
                    ? lengths[i + 1, j + 1] + 1
                    : System.Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        for (int i = 0, j = 0; i < n && j < m;)
        {
            if (a[prefix + i] == b[prefix + j])
            {
                map[prefix + i] = prefix + j;
                i++;
                j++;
            }
            else if (lengths[i + 1, j] >= lengths[i, j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return map;
    }
}
