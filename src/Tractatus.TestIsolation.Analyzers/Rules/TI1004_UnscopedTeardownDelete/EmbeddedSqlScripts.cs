using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// SQL that a test runs from an embedded <c>.sql</c> resource (<c>GetManifestResourceStream("Tests.Scripts.Cleanup.sql")</c>,
/// <c>GetEmbeddedResource("Cleanup.sql")</c>). The analyzer sees the script only when the project
/// also lists it as an AdditionalFiles item; the resource name is matched to the file by its
/// trailing path segments (<c>Scripts/Cleanup.sql</c>). Used when the command text itself is
/// unknown and the same method loads exactly one such script.
/// </summary>
internal sealed class EmbeddedSqlScripts
{
    private readonly ImmutableArray<AdditionalText> _files;
    private readonly ConcurrentDictionary<string, string?> _textByResource = new(StringComparer.Ordinal);

    public EmbeddedSqlScripts(ImmutableArray<AdditionalText> files) => _files = files;

    /// <summary>The script text the method around <paramref name="sqlRun"/> loads, or <c>null</c>.</summary>
    public string? ScriptRunBy(IOperation sqlRun, CancellationToken cancellationToken)
    {
        if (_files.IsEmpty)
        {
            return null;
        }

        var root = sqlRun;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        string? resource = null;
        foreach (var operation in root.Descendants())
        {
            if (operation is IInvocationOperation invocation &&
                invocation.TargetMethod.Name.IndexOf("Resource", StringComparison.Ordinal) >= 0 &&
                ResourceName(invocation) is { } name)
            {
                if (resource is not null && resource != name)
                {
                    return null; // Two scripts: which one this command runs is a guess.
                }

                resource = name;
            }
        }

        return resource is null ? null : _textByResource.GetOrAdd(resource, r => Find(r, cancellationToken));
    }

    private static string? ResourceName(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.ConstantValue is { HasValue: true, Value: string name } &&
                name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return null;
    }

    // "Shop.Tests.Scripts.Cleanup.sql" matches ".../Scripts/Cleanup.sql" better than ".../Cleanup.sql";
    // two files that match equally well leave the script unknown.
    private string? Find(string resource, CancellationToken cancellationToken)
    {
        AdditionalText? best = null;
        var bestScore = 0;
        var tie = false;
        foreach (var file in _files)
        {
            var score = MatchingSegments(resource, file.Path);
            if (score > bestScore)
            {
                (best, bestScore, tie) = (file, score, false);
            }
            else if (score == bestScore && score > 0)
            {
                tie = true;
            }
        }

        return best is null || tie ? null : best.GetText(cancellationToken)?.ToString();
    }

    // How many trailing path segments (the file name counts as one) the resource name ends with.
    private static int MatchingSegments(string resource, string path)
    {
        var fileName = Path.GetFileName(path);
        if (!resource.Equals(fileName, StringComparison.OrdinalIgnoreCase) &&
            !resource.EndsWith("." + fileName, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        var score = 1;
        var suffix = fileName;
        var directory = Path.GetDirectoryName(path);
        while (!string.IsNullOrEmpty(directory))
        {
            suffix = Path.GetFileName(directory) + "." + suffix;
            if (!resource.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase) && !resource.Equals(suffix, StringComparison.OrdinalIgnoreCase))
            {
                break;
            }

            score++;
            directory = Path.GetDirectoryName(directory);
        }

        return score;
    }
}
