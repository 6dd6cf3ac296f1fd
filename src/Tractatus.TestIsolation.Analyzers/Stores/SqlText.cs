using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// A small, forgiving reader for the SQL that test code passes as literals. It recognises only
/// the statement shapes the rules need and answers "don't know" for everything else, so unusual
/// SQL produces no report rather than a wrong one.
/// </summary>
internal static class SqlText
{
    // The patterns are linear (no nested quantifiers), so they need no match timeout.
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline;

    private static readonly Regex InsertHead = new(
        @"^\s*INSERT\s+INTO\s+[^\s(]+\s*\((?<columns>[^)]*)\)\s*VALUES\s*", Options);

    private static readonly Regex Where = new(@"\bWHERE\b", Options);

    private static readonly Regex UpdateSet = new(@"^\s*UPDATE\s+\S+\s+SET\b", Options);

    private static readonly Regex Comparison = new(
        @"(?<column>[\w.""\[\]`]+)\s*=\s*(?<value>[NE]?'(?:[^']|'')*')", Options);

    private static readonly Regex Truncate = new(
        @"^\s*TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?(?<table>[^\s,;()]+)", Options);

    private static readonly Regex DeleteFrom = new(
        @"^\s*DELETE\s+FROM\s+(?:ONLY\s+)?(?<table>[^\s;()]+)(?<rest>.*)$", Options);

    private static readonly Regex TrivialWhere = new(
        @"^\s*(?:WHERE\s+(?:1\s*=\s*1|TRUE|0\s*=\s*0)\s*)?$", Options);

    // An unquoted name may hold unknown parts (FlowText holes): "test_" + RandomName() is not a fixed name.
    private static readonly Regex DatabaseStatement = new(
        @"^\s*(?<verb>CREATE|DROP)\s+DATABASE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(?<name>""[^""]+""|\[[^\]]+\]|`[^`]+`|[\w$\uE001-\uE003\uFFFF]+)", Options);

    // DROP SCHEMA [IF EXISTS] name: every table in it goes (PostgreSQL's CASCADE, or SQL Server's empty schema).
    private static readonly Regex SchemaDrop = new(
        @"^\s*DROP\s+SCHEMA\s+(?:IF\s+EXISTS\s+)?(?<name>""[^""]+""|\[[^\]]+\]|`[^`]+`|[\w$\uE001-\uE003\uFFFF]+)", Options);

    // @name (SQL Server, Npgsql, Dapper), :name (Npgsql, Oracle), $name (SQLite); not ::casts or $1.
    private static readonly Regex Placeholder = new(@"(?<![:@$\w])[@:$](?<name>[A-Za-z_]\w*)", Options);

    private static readonly Regex Writes = new(@"\b(?:INSERT|UPDATE|DELETE|MERGE|UPSERT)\b", Options);

    private static readonly Regex ChangesRows = new(@"^\s*(?:UPDATE|DELETE|MERGE)\b", Options);

    /// <summary>A value written as an SQL string literal, with its raw text (quotes included).</summary>
    public readonly struct SqlValue
    {
        public SqlValue(string column, string value, string raw)
        {
            Column = column;
            Value = value;
            Raw = raw;
        }

        public string Column { get; }

        public string Value { get; }

        public string Raw { get; }
    }

    /// <summary>The statements of a batch, comments removed, split on ';' outside quotes.</summary>
    public static ImmutableArray<string> Statements(string sql)
    {
        var statements = ImmutableArray.CreateBuilder<string>();
        var current = new StringBuilder(sql.Length);
        var quote = '\0';
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (quote != '\0')
            {
                current.Append(c);
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c is '\'' or '"' or '`')
            {
                quote = c;
                current.Append(c);
            }
            else if (c == '-' && next == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }

                current.Append(' ');
            }
            else if (c == '/' && next == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 1;
                current.Append(' ');
            }
            else if (c == ';')
            {
                Flush();
            }
            else
            {
                current.Append(c);
            }
        }

        Flush();
        return statements.ToImmutable();

        void Flush()
        {
            var text = current.ToString();
            if (!string.IsNullOrWhiteSpace(text))
            {
                statements.Add(text);
            }

            current.Clear();
        }
    }

    /// <summary>
    /// String literals written to or compared with an identifier-like column: the values of
    /// <c>INSERT INTO t (slug, ...) VALUES ('x', ...)</c>, and <c>WHERE slug = 'x'</c> of an
    /// UPDATE or DELETE.
    /// </summary>
    public static IEnumerable<SqlValue> FixedIdentifierValues(string sql, NameSet names, ImmutableHashSet<string>? temporaryTables = null)
    {
        var temporary = TemporaryTables(sql).Union(temporaryTables ?? ImmutableHashSet<string>.Empty);
        foreach (var statement in Statements(sql))
        {
            if (TargetsPerRunTable(statement) || TargetsTemporaryTable(statement, temporary))
            {
                continue;
            }

            foreach (var value in InsertedValues(statement))
            {
                if (names.Contains(value.Column))
                {
                    yield return value;
                }
            }

            // Only statements that change rows: a SELECT by a fixed code usually reads seeded
            // reference data, which concurrent runs share without colliding. An UPDATE also
            // writes the identifiers of its SET list.
            var set = UpdateSet.Match(statement);
            var where = set.Success ? set : ChangesRows.IsMatch(statement) ? Where.Match(statement) : Match.Empty;
            if (!where.Success)
            {
                continue;
            }

            foreach (Match comparison in Comparison.Matches(statement, where.Index))
            {
                var column = UnquoteIdentifier(LastSegment(comparison.Groups["column"].Value));
                if (names.Contains(column) && TryReadString(comparison.Groups["value"].Value, out var text))
                {
                    yield return new SqlValue(column, text, comparison.Groups["value"].Value);
                }
            }
        }
    }

    // INSERT INTO "{schema}".jobs / UPDATE / DELETE FROM / MERGE INTO a table whose name has a
    // per-run part (a schema named with Guid.NewGuid()): rows there are the run's own.
    private static readonly Regex TargetTable = new(
        @"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO)\s+(?:ONLY\s+)?(?<table>[^\s(;]+)", Options);

    // CREATE TEMP TABLE t (PostgreSQL, SQLite, MySQL's CREATE TEMPORARY TABLE): private to the connection.
    private static readonly Regex TemporaryTableCreation = new(
        @"\bCREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?TEMP(?:ORARY)?\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<table>[^\s(;]+)", Options);

    /// <summary>Tables the SQL creates as temporary (<c>CREATE TEMP TABLE t</c>), names unquoted and lower-cased.</summary>
    public static ImmutableHashSet<string> TemporaryTables(string sql)
    {
        if (sql.IndexOf("TEMP", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return ImmutableHashSet<string>.Empty;
        }

        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (Match match in TemporaryTableCreation.Matches(sql))
        {
            builder.Add(TableKey(match.Groups["table"].Value));
        }

        return builder.ToImmutable();
    }

    // Rows in a connection's own temporary table (SQL Server #t, or one created TEMP) collide with no other run;
    // a global ##t is shared by every connection and still counts.
    private static bool TargetsTemporaryTable(string statement, ImmutableHashSet<string> temporary)
    {
        var match = TargetTable.Match(statement);
        if (!match.Success)
        {
            return false;
        }

        var table = match.Groups["table"].Value;
        return (table.StartsWith("#", StringComparison.Ordinal) && !table.StartsWith("##", StringComparison.Ordinal)) ||
               (temporary.Count > 0 && temporary.Contains(TableKey(table)));
    }

    private static string TableKey(string table) => UnquoteIdentifier(table).ToLowerInvariant();

    private static bool TargetsPerRunTable(string statement)
    {
        var match = TargetTable.Match(statement);
        return match.Success && match.Groups["table"].Value.IndexOf(ValueFlow.FlowText.RunUniqueHole) >= 0;
    }

    /// <summary>Parameter names the SQL refers to (<c>@slug</c>, <c>:slug</c>, <c>$slug</c>).</summary>
    public static ImmutableHashSet<string> Placeholders(string sql)
    {
        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (Match match in Placeholder.Matches(sql))
        {
            builder.Add(NameSet.Normalize(match.Groups["name"].Value));
        }

        return builder.ToImmutable();
    }

    private static readonly Regex PlaceholderComparison = new(
        @"(?<column>[\w.""\[\]`]+)\s*=\s*[@:$](?<name>[A-Za-z_]\w*)\b", Options);

    /// <summary>
    /// The columns each placeholder of a writing statement goes into (normalized names): by position in
    /// <c>INSERT INTO t (job_id, queue) VALUES (@id, @queue)</c>, and <c>column = @p</c> in the SET list and
    /// WHERE clause of an UPDATE or DELETE. A placeholder used elsewhere (a MERGE, a function call) is absent.
    /// </summary>
    public static ImmutableDictionary<string, ImmutableHashSet<string>> PlaceholderColumns(string sql)
    {
        var map = new Dictionary<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
        void Add(string placeholder, string column)
        {
            var key = NameSet.Normalize(placeholder);
            var value = NameSet.Normalize(UnquoteIdentifier(LastSegment(column)));
            map[key] = map.TryGetValue(key, out var columns) ? columns.Add(value) : ImmutableHashSet.Create(StringComparer.Ordinal, value);
        }

        foreach (var statement in Statements(sql))
        {
            foreach (var (column, item) in InsertedItems(statement))
            {
                var placeholder = Placeholder.Match(item.Trim());
                if (placeholder.Success && placeholder.Length == item.Trim().Length)
                {
                    Add(placeholder.Groups["name"].Value, column);
                }
            }

            if (ChangesRows.IsMatch(statement))
            {
                foreach (Match comparison in PlaceholderComparison.Matches(statement))
                {
                    Add(comparison.Groups["name"].Value, comparison.Groups["column"].Value);
                }
            }
        }

        return map.ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>True when the SQL inserts, updates or deletes rows.</summary>
    public static bool WritesRows(string sql) => Writes.IsMatch(sql);

    /// <summary>A statement that removes every row of a table: TRUNCATE, or DELETE without a real WHERE.</summary>
    public static bool TryGetUnscopedDelete(string statement, out string description)
    {
        var truncate = Truncate.Match(statement);
        if (truncate.Success)
        {
            description = "truncates table \"" + UnquoteIdentifier(truncate.Groups["table"].Value) + "\"";
            return true;
        }

        var delete = DeleteFrom.Match(statement);
        if (delete.Success && TrivialWhere.IsMatch(delete.Groups["rest"].Value))
        {
            description = "deletes every row of table \"" + UnquoteIdentifier(delete.Groups["table"].Value) + "\"";
            return true;
        }

        description = string.Empty;
        return false;
    }

    /// <summary>A <c>CREATE DATABASE name</c> or <c>DROP DATABASE name</c> statement.</summary>
    public static bool TryGetDatabaseStatement(string statement, out string verb, out string name)
    {
        var match = DatabaseStatement.Match(statement);
        verb = match.Success ? match.Groups["verb"].Value.ToUpperInvariant() : string.Empty;
        name = match.Success ? UnquoteIdentifier(match.Groups["name"].Value) : string.Empty;
        return match.Success;
    }

    /// <summary>A <c>DROP SCHEMA name</c> statement.</summary>
    public static bool TryGetSchemaDrop(string statement, out string name)
    {
        var match = SchemaDrop.Match(statement);
        name = match.Success ? UnquoteIdentifier(match.Groups["name"].Value) : string.Empty;
        return match.Success;
    }

    private static IEnumerable<SqlValue> InsertedValues(string statement)
    {
        foreach (var (column, item) in InsertedItems(statement))
        {
            if (TryReadString(item, out var text))
            {
                yield return new SqlValue(column, text, item);
            }
        }
    }

    // Each value of an INSERT's VALUES tuples with the column it goes into.
    private static IEnumerable<(string Column, string Item)> InsertedItems(string statement)
    {
        var head = InsertHead.Match(statement);
        if (!head.Success)
        {
            yield break;
        }

        var columns = SplitTopLevel(head.Groups["columns"].Value);
        var position = head.Index + head.Length;
        while (position < statement.Length)
        {
            while (position < statement.Length && (char.IsWhiteSpace(statement[position]) || statement[position] == ','))
            {
                position++;
            }

            if (position >= statement.Length || statement[position] != '(')
            {
                yield break;
            }

            var end = MatchingParenthesis(statement, position);
            if (end < 0)
            {
                yield break;
            }

            var items = SplitTopLevel(statement.Substring(position + 1, end - position - 1));
            for (var i = 0; i < items.Count && i < columns.Count; i++)
            {
                yield return (UnquoteIdentifier(columns[i]), items[i]);
            }

            position = end + 1;
        }
    }

    private static int MatchingParenthesis(string text, int open)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var quote = '\0';
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(text.Substring(start, i - start).Trim());
                start = i + 1;
            }
        }

        parts.Add(text.Substring(start).Trim());
        return parts;
    }

    // 'text', N'text', E'text', optionally with a PostgreSQL cast ('x'::text); not 'x-{hole}'.
    private static bool TryReadString(string item, out string text)
    {
        text = string.Empty;
        var raw = item.Trim();
        var cast = raw.LastIndexOf("::", StringComparison.Ordinal);
        if (cast > 0 && raw[cast - 1] == '\'')
        {
            raw = raw.Substring(0, cast);
        }

        if (raw.Length > 0 && (raw[0] is 'N' or 'n' or 'E' or 'e'))
        {
            raw = raw.Substring(1);
        }

        if (raw.Length < 2 || raw[0] != '\'' || raw[raw.Length - 1] != '\'')
        {
            return false;
        }

        var inner = raw.Substring(1, raw.Length - 2);
        if (inner.Replace("''", string.Empty).IndexOf('\'') >= 0 || ValueFlow.FlowText.HasHole(inner))
        {
            return false;
        }

        text = inner.Replace("''", "'");
        return !string.IsNullOrWhiteSpace(text);
    }

    private static string LastSegment(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name.Substring(dot + 1) : name;
    }

    private static string UnquoteIdentifier(string name) => name.Trim().Trim('"', '[', ']', '`');
}
