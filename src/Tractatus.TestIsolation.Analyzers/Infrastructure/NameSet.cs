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
    // Holds normalized names; the comparer normalizes the probe as it compares, so a lookup allocates nothing
    // (Contains runs for every key of every document a rule inspects).
    private readonly HashSet<string> _names;

    private NameSet(HashSet<string> names) => _names = names;

    /// <summary>Parses a ',' or ';' separated list; blanks are ignored.</summary>
    public static NameSet Parse(string list)
    {
        var names = new HashSet<string>(NormalizingComparer.Instance);
        foreach (var part in list.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var normalized = Normalize(part.Trim());
            if (normalized.Length > 0)
            {
                names.Add(normalized);
            }
        }

        return new NameSet(names);
    }

    public IEnumerable<string> NormalizedNames => _names;

    /// <summary>True when the whole name equals one of the set's names after normalization.</summary>
    public bool Contains(string? name) => name is not null && _names.Contains(name);

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

    /// <summary>Lower-case, without '_', '-', ' ' and a leading '@' (C# verbatim identifiers).</summary>
    public static string Normalize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!IsIgnored(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static bool IsIgnored(char c) => c is '_' or '-' or '@' or ' ';

    /// <summary>Equality and hashing of names as <see cref="Normalize"/> would write them.</summary>
    private sealed class NormalizingComparer : IEqualityComparer<string>
    {
        public static readonly NormalizingComparer Instance = new();

        public bool Equals(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return x is null && y is null;
            }

            int i = 0, j = 0;
            while (true)
            {
                while (i < x.Length && IsIgnored(x[i]))
                {
                    i++;
                }

                while (j < y.Length && IsIgnored(y[j]))
                {
                    j++;
                }

                if (i == x.Length || j == y.Length)
                {
                    return i == x.Length && j == y.Length;
                }

                if (char.ToLowerInvariant(x[i]) != char.ToLowerInvariant(y[j]))
                {
                    return false;
                }

                i++;
                j++;
            }
        }

        public int GetHashCode(string name)
        {
            unchecked
            {
                var hash = (int)2166136261;
                foreach (var c in name)
                {
                    if (!IsIgnored(c))
                    {
                        hash = (hash ^ char.ToLowerInvariant(c)) * 16777619;
                    }
                }

                return hash;
            }
        }
    }
}
