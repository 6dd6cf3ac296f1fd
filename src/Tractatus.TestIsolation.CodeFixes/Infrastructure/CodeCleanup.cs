using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Tractatus.TestIsolation.CodeFixes.Infrastructure;

/// <summary>
/// Finishes a rewritten document: fully qualified names the fix generated become a <c>using</c>
/// directive plus the short name, and only the generated nodes are formatted, so the rest of the
/// file keeps its layout.
/// </summary>
internal static class CodeCleanup
{
    public static async Task<Document> RunAsync(Document document, CancellationToken cancellationToken)
    {
        document = await ImportAdder.AddImportsAsync(document, Simplifier.Annotation, null, cancellationToken).ConfigureAwait(false);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, null, cancellationToken).ConfigureAwait(false);
        document = await Formatter.FormatAsync(document, Formatter.Annotation, null, cancellationToken).ConfigureAwait(false);
        return document;
    }
}
