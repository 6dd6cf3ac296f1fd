using System.Text.RegularExpressions;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// Tells a literal that is used as a session id value from a literal that only names one: a JSON
/// key (<c>"session_id"</c>), a header (<c>"X-Session-Id"</c>), an environment variable
/// (<c>"CLAUDE_SESSION_ID"</c>), a telemetry attribute (<c>"session.id"</c>), a cookie or
/// claim (<c>"sid"</c>, <c>"PHPSESSID"</c>), a rule code (<c>"TI1003"</c>), a template (<c>"{sessionId}"</c>) or a placeholder meaning "none".
/// When in doubt the literal is not treated as an id: a wrong warning costs more than a missed one.
/// </summary>
internal static class SessionIdValue
{
    private static readonly Regex EnvironmentVariableName = new("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$", RegexOptions.CultureInvariant);

    // A rule or error code (TI1003, CA2007, E11000): a member such as DiagnosticIds.StaticSessionId names a rule.
    private static readonly Regex DiagnosticCode = new("^[A-Z]{1,5}[0-9]{3,6}$", RegexOptions.CultureInvariant);

    // An HTTP header name ("X-Session", "X-Correlation-Session"): header values never look like this.
    private static readonly Regex HeaderName = new("^X-[A-Za-z]+(-[A-Za-z]+)*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    // A session cookie or claim name ("sid", "SID", "PHPSESSID"): letters only, ending in "sid".
    private static readonly Regex SidName = new("^[A-Za-z]*sid$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly string[] Placeholders = { "unknown", "none", "null", "n/a", "na", "undefined", "tbd", "-", "?" };

    /// <summary>True when the literal looks like a fixed session id rather than a name, template or placeholder.</summary>
    public static bool LooksLikeFixedId(string? value, NameSet sessionIdNames)
    {
        if (value is null)
        {
            return false;
        }

        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Length != value.Length)
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            // Prose, templates ("{0}", "${SESSION}", "%SESSION%") and paths with spaces are not ids.
            if (char.IsWhiteSpace(c) || c is '{' or '}' or '$' or '%')
            {
                return false;
            }
        }

        foreach (var placeholder in Placeholders)
        {
            if (string.Equals(trimmed, placeholder, System.StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        // "session_id", "sessionId", "X-Session-Id", "parent_session_id", "session.id": the name of an id, not an id.
        return !sessionIdNames.MatchesSuffixOf(trimmed)
            && !sessionIdNames.MatchesSuffixOf(trimmed.Replace('.', '_'))
            && !HeaderName.IsMatch(trimmed)
            && !SidName.IsMatch(trimmed)
            && !EnvironmentVariableName.IsMatch(trimmed)
            && !DiagnosticCode.IsMatch(trimmed);
    }
}
