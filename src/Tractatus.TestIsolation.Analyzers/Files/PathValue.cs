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

    private const char SymbolMarker = '\u0002';

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

    public static PathValue Known(string text) => new(text, NormalizeIdentity(text), isFullyKnown: true);

    /// <summary>A variable, parameter or member whose value is unknown but which names the same file wherever it is read.</summary>
    public static PathValue Symbol(string symbolKey, PathValue? tracedValue)
    {
        if (tracedValue is { IsFullyKnown: true })
        {
            return tracedValue;
        }

        var identity = SymbolMarker + symbolKey + SymbolMarker;
        return new PathValue(tracedValue?.MatchText ?? UnknownPart.ToString(), identity, isFullyKnown: false, tracedValue?.IsRunUnique ?? false);
    }

    /// <summary>String concatenation: <c>a + b</c>, or the parts of an interpolated string.</summary>
    public static PathValue Concat(PathValue left, PathValue right) =>
        left.IsFullyKnown && right.IsFullyKnown
            ? Known(left.MatchText + right.MatchText)
            : new(left.MatchText + right.MatchText, JoinIdentity(left.Identity, right.Identity, separator: false), isFullyKnown: false, left.IsRunUnique || right.IsRunUnique);

    /// <summary><c>Path.Combine(a, b)</c> / <c>Path.Join(a, b)</c>: joined with one separator.</summary>
    public static PathValue Combine(PathValue left, PathValue right)
    {
        if (left.MatchText.Length == 0)
        {
            return right;
        }

        if (right.MatchText.Length == 0)
        {
            return left;
        }

        var needsSeparator = !EndsWithSeparator(left.MatchText) && !StartsWithSeparator(right.MatchText);
        var text = needsSeparator ? left.MatchText + "/" + right.MatchText : left.MatchText + right.MatchText;
        return left.IsFullyKnown && right.IsFullyKnown
            ? Known(text)
            : new PathValue(text, JoinIdentity(left.Identity, right.Identity, needsSeparator), isFullyKnown: false, left.IsRunUnique || right.IsRunUnique);
    }

    private static string? JoinIdentity(string? left, string? right, bool separator)
    {
        if (left is null || right is null)
        {
            return null;
        }

        return separator ? left + "/" + right : left + right;
    }

    private static string NormalizeIdentity(string text)
    {
        var normalized = text.Replace('\\', '/').ToLowerInvariant();
        while (normalized.IndexOf("//", StringComparison.Ordinal) >= 0)
        {
            normalized = normalized.Replace("//", "/");
        }

        return normalized.StartsWith("./", StringComparison.Ordinal) ? normalized.Substring(2) : normalized;
    }

    private static bool EndsWithSeparator(string text) => text.Length > 0 && text[text.Length - 1] is '/' or '\\';

    private static bool StartsWithSeparator(string text) => text.Length > 0 && text[0] is '/' or '\\';
}
