using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Tractatus.TestIsolation.Analyzers.Stores;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// <c>TRUNCATE</c> and <c>DELETE FROM</c> statements whose only unknown parts are table or schema
/// names (<c>$"TRUNCATE TABLE \"{table}\" CASCADE"</c> over the server's table list,
/// <c>$"DELETE FROM \"{Schema}\".outbox"</c> with the schema from configuration): whichever table it
/// is, every row goes. A statement with an unknown part anywhere else (a <c>WHERE</c> built at run
/// time) is not guessed at, and a name that differs per run (a schema per run) is the run's own.
/// </summary>
internal static class HoledSqlWipes
{
    private const string Placeholder = "\u2026";

    // The whole statement: the verb, one or more table names, and only option keywords after them.
    private static readonly Regex WholeTableStatement = new(
        @"^\s*(?:TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?|DELETE\s+FROM\s+(?:ONLY\s+)?)[^\s,;()]+(?:\s*,\s*[^\s,;()]+)*(?:\s+(?:RESTART\s+IDENTITY|CONTINUE\s+IDENTITY|CASCADE|RESTRICT))*\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The description of a wipe of whole tables whose names are known only at run time, or <c>null</c>.</summary>
    public static string? Describe(IOperation sqlText, CancellationToken cancellationToken)
    {
        string? description = null;
        foreach (var text in FlowEngine.TextsOf(sqlText, cancellationToken))
        {
            if (text.IsPerRun)
            {
                return null;
            }

            if (text.IsComplete || description is not null)
            {
                continue;
            }

            var sql = ReplaceHoles(text.Text);
            foreach (var statement in SqlText.Statements(sql))
            {
                if (statement.IndexOf(Placeholder, System.StringComparison.Ordinal) >= 0 &&
                    WholeTableStatement.IsMatch(statement) &&
                    SqlText.TryGetUnscopedDelete(statement, out var found))
                {
                    description = found;
                    break;
                }
            }
        }

        return description;
    }

    private static string ReplaceHoles(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (FlowText.HasHole(c.ToString()))
            {
                builder.Append(Placeholder);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
