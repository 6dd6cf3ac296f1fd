using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.TestData;

/// <summary>
/// <c>DELETE FROM t WHERE slug = @slug</c> run with Dapper's parameter object
/// <c>new { slug = "getting-started" }</c>: the placeholder compared with an identifier column
/// gets a fixed value, so the delete matches other runs' rows just like a literal would.
/// </summary>
internal static class ParameterizedDeletes
{
    // column = @name / :name / $name (the same placeholder forms SqlText recognises).
    private static readonly Regex ComparedPlaceholder = new(
        @"(?<column>[\w.""\[\]`]+)\s*=\s*(?<![:@$\w])[@:$](?<name>[A-Za-z_]\w*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex Where = new(@"\bWHERE\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The fixed identifier a parameter of the statement's WHERE clause receives, if any.</summary>
    public static IdentifierValue? FixedParameter(string statement, IOperation? parameters, StoreSymbols symbols, NameSet names, CancellationToken cancellationToken)
    {
        var where = Where.Match(statement);
        if (parameters is null || !where.Success)
        {
            return null;
        }

        var found = IdentifierFinder.InData(parameters, symbols, names, cancellationToken);
        if (found.IsEmpty)
        {
            return null;
        }

        foreach (Match comparison in ComparedPlaceholder.Matches(statement, where.Index))
        {
            var column = Column(comparison.Groups["column"].Value);
            if (!names.Contains(column))
            {
                continue;
            }

            var placeholder = NameSet.Normalize(comparison.Groups["name"].Value);
            foreach (var value in found)
            {
                if (NameSet.Normalize(value.Key) == placeholder)
                {
                    return value;
                }
            }
        }

        return null;
    }

    // "schema"."table"."slug" → slug
    private static string Column(string qualified)
    {
        var dot = qualified.LastIndexOf('.');
        return (dot < 0 ? qualified : qualified.Substring(dot + 1)).Trim('"', '[', ']', '`');
    }
}
