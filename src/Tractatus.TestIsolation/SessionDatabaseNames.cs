using System.Text.RegularExpressions;

namespace Tractatus.TestIsolation;

/// <summary>Recognises names made by <see cref="TestSession.DatabaseName(string, DatabaseNameRules)"/>: <c>&lt;prefix&gt;_&lt;session id&gt;[_n]</c>.</summary>
/// <remarks>
/// A matching name is only a candidate: sweepers must also find this library's lease before dropping
/// anything, because a user's own database may look the same by chance.
/// </remarks>
internal static partial class SessionDatabaseNames
{
    /// <summary>
    /// The session id in <paramref name="name"/> when it is a name <see cref="TestSession.DatabaseName(string, DatabaseNameRules)"/>
    /// can produce under <paramref name="rules"/> (valid prefix, counter 2 to 9999 without leading zeros); null otherwise.
    /// Sweepers use it so they never consider names the library can never create (upper case, quotes, absurd counters).
    /// </summary>
    public static string? SessionIdOf(string name, DatabaseNameRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!TryParse(name, out var prefix, out var sessionId))
        {
            return null;
        }

        try
        {
            rules.ValidatePrefix(prefix);
            rules.ValidateName(name);
        }
        catch (ArgumentException)
        {
            return null;
        }

        return sessionId;
    }

    /// <summary>Splits <paramref name="name"/> into prefix and session id; false when it does not follow the pattern.</summary>
    public static bool TryParse(string name, out string prefix, out string sessionId)
    {
        prefix = string.Empty;
        sessionId = string.Empty;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var match = Pattern().Match(name);
        if (!match.Success)
        {
            return false;
        }

        prefix = match.Groups[1].Value;
        sessionId = match.Groups[2].Value;
        return true;
    }

    [GeneratedRegex(@"^(.+)_([0-9a-z]{15})(?:_(?:[2-9]|[1-9][0-9]{1,3}))?\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Pattern();
}
