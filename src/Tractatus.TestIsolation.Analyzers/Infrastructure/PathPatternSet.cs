using System;
using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>
/// Glob patterns for shared state file paths (<c>**/.claude/**;**/*state*.json</c>). Matching is
/// case-insensitive and separator-agnostic; a path whose beginning is unknown at compile time
/// (<c>Path.Combine(root, ".claude", "x.json")</c>) is matched by its known tail.
/// </summary>
internal sealed class PathPatternSet
{
    private readonly ImmutableArray<Regex> _patterns;

    private PathPatternSet(ImmutableArray<Regex> patterns) => _patterns = patterns;

    public bool IsEmpty => _patterns.IsEmpty;

    /// <summary>Parses a ';' or ',' separated list of globs.</summary>
    public static PathPatternSet Parse(string list)
    {
        var builder = ImmutableArray.CreateBuilder<Regex>();
        foreach (var part in list.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var glob = part.Trim().Replace('\\', '/');
            if (glob.Length > 0)
            {
                builder.Add(new Regex(ToRegex(glob), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
            }
        }

        return new PathPatternSet(builder.ToImmutable());
    }

    /// <summary>True when the path (or its known tail) matches any pattern.</summary>
    public bool Matches(string? path)
    {
        if (path is null || path.Length == 0)
        {
            return false;
        }

        var normalized = path.Replace('\\', '/');
        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(normalized))
            {
                return true;
            }
        }

        return false;
    }

    private static string ToRegex(string glob)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var followedBySlash = i + 2 < glob.Length && glob[i + 2] == '/';
                builder.Append(followedBySlash ? "(?:.*/)?" : ".*");
                i += followedBySlash ? 2 : 1;
            }
            else if (c == '*')
            {
                builder.Append("[^/]*");
            }
            else if (c == '?')
            {
                builder.Append("[^/]");
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }

        return builder.Append('$').ToString();
    }
}
