using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Tractatus.TestIsolation.Analyzers.Tests.SelfAnalysis;

/// <summary>
/// <c>.editorconfig</c>-style options chosen per file path, for analyzer runs outside a project
/// system (which is where <c>.editorconfig</c> files are normally read).
/// </summary>
public sealed class PathOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly IReadOnlyDictionary<string, string> NoOptions = new Dictionary<string, string>();

    private readonly Func<string, IReadOnlyDictionary<string, string>> _forPath;

    public PathOptionsProvider(Func<string, IReadOnlyDictionary<string, string>> forPath) => _forPath = forPath;

    /// <summary>No options for any file.</summary>
    public static PathOptionsProvider None { get; } = new(_ => NoOptions);

    /// <inheritdoc />
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(NoOptions);

    /// <inheritdoc />
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(_forPath(tree.FilePath));

    /// <inheritdoc />
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(_forPath(textFile.Path));

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
