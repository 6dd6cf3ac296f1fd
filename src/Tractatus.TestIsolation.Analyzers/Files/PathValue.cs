using System;

namespace Tractatus.TestIsolation.Analyzers.Files;

/// <summary>
/// What is known at compile time about a path expression: its text with every unknown part
/// replaced by a placeholder (for glob matching by the known tail), and an identity key that is
/// equal for two expressions naming the same file (for pairing a read with a later write).
/// </summary>
internal sealed class PathValue
{
    /// <summary>Stands for a part of the path that is not known at compile time; never part of a file name.</summary>
    public const char UnknownPart = '\u0001';

    /// <summary>Nothing is known, and the file cannot be identified.</summary>
    public static readonly PathValue Opaque = new(UnknownPart.ToString(), identity: null, isFullyKnown: false);

    /// <summary>Unknown, but different in every run (a Guid, a temp file name): the file is private to the run.</summary>
    public static readonly PathValue RunUnique = new(UnknownPart.ToString(), identity: null, isFullyKnown: false, isRunUnique: true);

    private PathValue(string matchText, string? identity, bool isFullyKnown, bool isRunUnique = false)
    {
        MatchText = matchText;
        Identity = identity;
        IsFullyKnown = isFullyKnown;
        IsRunUnique = isRunUnique;
    }

    /// <summary>True when part of the path is unique to one run, so no other process shares the file.</summary>
    public bool IsRunUnique { get; }

    /// <summary>The path with <see cref="UnknownPart"/> where its value is not known.</summary>
    public string MatchText { get; }

    /// <summary>Equal for expressions naming the same file; <c>null</c> when the expression is too dynamic to tell.</summary>
    public string? Identity { get; }

    /// <summary>True when the whole path is a compile-time value.</summary>
    public bool IsFullyKnown { get; }

    /// <summary>True when some of the text is known (not just placeholders).</summary>
    public bool HasKnownText
    {
        get
        {
            foreach (var c in MatchText)
            {
                if (c != UnknownPart && c != '/' && c != '\\')
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>True when the last segment (the file name) contains no unknown part.</summary>
    public bool HasKnownFileName
    {
        get
        {
            var normalized = MatchText.Replace('\\', '/');
            var name = normalized.Substring(normalized.LastIndexOf('/') + 1);
            return name.Length > 0 && name.IndexOf(UnknownPart) < 0;
        }
    }

    /// <summary>
    /// A path whose text has <see cref="UnknownPart"/> where it is not known. A fully known path is
    /// identified by its text; otherwise by <paramref name="identity"/> (the variable, member or
    /// helper it comes from), or not at all.
    /// </summary>
    public static PathValue Of(string matchText, string? identity, bool isRunUnique)
    {
        var isFullyKnown = matchText.IndexOf(UnknownPart) < 0;
        return new PathValue(matchText, isFullyKnown ? NormalizeIdentity(matchText) : identity, isFullyKnown, isRunUnique);
    }

    /// <summary>A path text in the form identities compare: forward slashes, lower case, no <c>./</c> or doubled separators.</summary>
    public static string NormalizeIdentity(string text)
    {
        var normalized = text.Replace('\\', '/').ToLowerInvariant();
        while (normalized.IndexOf("//", StringComparison.Ordinal) >= 0)
        {
            normalized = normalized.Replace("//", "/");
        }

        return normalized.StartsWith("./", StringComparison.Ordinal) ? normalized.Substring(2) : normalized;
    }
}
