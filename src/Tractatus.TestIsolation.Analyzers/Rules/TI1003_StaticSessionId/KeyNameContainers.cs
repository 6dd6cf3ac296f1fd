using Microsoft.CodeAnalysis;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// Types whose name says their members hold names of things, not values: <c>CustomClaimTypes</c>,
/// <c>HeaderNames</c>, <c>CookieKeys</c>, <c>TelemetryAttributes</c>. In such a type
/// <c>SessionId = "sid"</c> is the name of the session id claim, header or attribute, whatever the
/// literal looks like, so it is never a fixed session id.
/// </summary>
internal static class KeyNameContainers
{
    private static readonly NameSet Suffixes = NameSet.Parse(
        "Names, Keys, Headers, ClaimTypes, Claims, Cookies, Fields, Columns, Attributes, Tags, Conventions");

    /// <summary>True when the member's type, or a type it is nested in, is named like a list of names.</summary>
    public static bool IsKeyNameContainer(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (Suffixes.MatchesSuffixOf(current.Name))
            {
                return true;
            }
        }

        return false;
    }
}
