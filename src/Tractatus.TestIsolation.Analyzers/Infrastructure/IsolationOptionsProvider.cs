using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>
/// Reads and caches <see cref="IsolationOptions"/> per syntax tree for one compilation. Parsed
/// name lists and globs are cached by their raw text, so a solution-wide setting is parsed once.
/// </summary>
internal sealed class IsolationOptionsProvider
{
    private static readonly ConcurrentDictionary<string, NameSet> NameSets = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, PathPatternSet> PathSets = new(StringComparer.Ordinal);

    private readonly AnalyzerConfigOptionsProvider _provider;
    private readonly ConcurrentDictionary<SyntaxTree, IsolationOptions> _byTree = new();

    public IsolationOptionsProvider(AnalyzerConfigOptionsProvider provider) => _provider = provider;

    // Asked at every callback of every rule: a hit allocates nothing (GetOrAdd with a method group would allocate a delegate).
    public IsolationOptions For(SyntaxTree tree) => _byTree.TryGetValue(tree, out var known) ? known : _byTree.GetOrAdd(tree, Read(tree));

    private IsolationOptions Read(SyntaxTree tree)
    {
        var options = _provider.GetOptions(tree);
        return new IsolationOptions(
            ReadBool(options, IsolationOptions.TestCodeKey),
            ReadNames(options, IsolationOptions.IdentifierNamesKey, IsolationOptions.DefaultIdentifierNames),
            ReadPaths(options, IsolationOptions.SharedStatePathsKey, IsolationOptions.DefaultSharedStatePaths),
            ReadNames(options, IsolationOptions.SessionIdNamesKey, IsolationOptions.DefaultSessionIdNames));
    }

    private static bool? ReadBool(AnalyzerConfigOptions options, string key)
    {
        if (!options.TryGetValue(key, out var value))
        {
            return null;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
    }

    private static NameSet ReadNames(AnalyzerConfigOptions options, string key, string fallback)
    {
        var raw = options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : fallback;
        return NameSets.GetOrAdd(raw, NameSet.Parse);
    }

    private static PathPatternSet ReadPaths(AnalyzerConfigOptions options, string key, string fallback)
    {
        var raw = options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : fallback;
        return PathSets.GetOrAdd(raw, PathPatternSet.Parse);
    }
}
