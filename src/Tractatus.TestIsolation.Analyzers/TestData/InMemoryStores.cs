using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.TestData;

/// <summary>
/// Files that set up a process-private store (EF Core InMemory, SQLite <c>:memory:</c>). Rows
/// written there cannot collide with another run, so SQL and EF Core writes in such files are
/// not reported. Decided once per file from its text and cached.
/// </summary>
internal sealed class InMemoryStores
{
    private static readonly string[] Markers = { "UseInMemoryDatabase", ":memory:", "Mode=Memory" };

    private readonly ConcurrentDictionary<SyntaxTree, bool> _byTree = new();

    public bool UsesInMemoryStore(SyntaxTree tree, CancellationToken cancellationToken) =>
        _byTree.GetOrAdd(tree, t =>
        {
            var text = t.GetText(cancellationToken).ToString();
            foreach (var marker in Markers)
            {
                if (text.IndexOf(marker, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        });
}
