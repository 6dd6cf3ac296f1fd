using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>
/// A set of member or key names compared after normalization: case-insensitive, with '_' and '-'
/// ignored, so <c>Slug</c>, <c>slug</c>, <c>user_name</c> and <c>UserName</c> compare as written
/// in the option. Matching is on whole names: <c>CustomerId</c> does not match <c>id</c>.
/// </summary>
internal sealed class NameSet
{
    private readonly ImmutableHashSet<string> _names;

    private NameSet(ImmutableHashSet<string> names) => _names = names;

    /// <summary>Parses a ',' or ';' separated list; blanks are ignored.</summary>
    public static NameSet Parse(string list)
    {
        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var part in list.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var normalized = Normalize(part.Trim());
            if (normalized.Length > 0)
            {
                builder.Add(normalized);
            }
        }

        return new NameSet(builder.ToImmutable());
    }

    public IEnumerable<string> NormalizedNames => _names;

    /// <summary>True when the whole name equals one of the set's names after normalization.</summary>
    public bool Contains(string? name) => name is not null && _names.Contains(Normalize(name));

    /// <summary>True when the normalized name ends with one of the set's names.</summary>
    public bool MatchesSuffixOf(string? name)
    {
        if (name is null)
        {
            return false;
        }

        var normalized = Normalize(name);
        foreach (var suffix in _names)
        {
            if (normalized.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lower-case, without '_', '-' and a leading '@' (C# verbatim identifiers).</summary>
    public static string Normalize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is '_' or '-' or '@' or ' ')
            {
                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
