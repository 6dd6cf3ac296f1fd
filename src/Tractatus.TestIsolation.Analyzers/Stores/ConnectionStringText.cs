using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// Reads the database a connection string names: the path of a <c>mongodb://</c> URI,
/// <c>Database=</c> / <c>Initial Catalog=</c>, or a SQLite <c>Data Source=</c> file. Server
/// system databases, in-memory SQLite and SQLite files opened read-only are not "a database the
/// tests own" and are ignored.
/// </summary>
internal static class ConnectionStringText
{
    private static readonly ImmutableHashSet<string> SystemDatabases = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "admin", "local", "config",
        "postgres", "template0", "template1",
        "master", "tempdb", "model", "msdb",
        "mysql", "sys", "information_schema", "performance_schema",
        "defaultdb", "system");

    private static readonly ImmutableArray<string> SqliteExtensions = ImmutableArray.Create(".db", ".sqlite", ".sqlite3", ".db3");

    public static bool IsSystemDatabase(string name) => SystemDatabases.Contains(name.Trim());

    /// <summary>True for parameters that take a connection string (<c>connectionString</c>, <c>connectionStringOrName</c>, a Mongo <c>url</c>).</summary>
    public static bool IsConnectionStringParameter(string name) =>
        name.IndexOf("connectionString", StringComparison.OrdinalIgnoreCase) >= 0 || name is "url" or "connectionUri";

    /// <summary>True when the text is a MongoDB connection URI.</summary>
    public static bool IsMongoUri(string text) =>
        text.TrimStart().StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase) ||
        text.TrimStart().StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The fixed database the connection string names, if any. <paramref name="sqlite"/> says the
    /// string is given to a SQLite API, so <c>Data Source</c> is a file rather than a server.
    /// </summary>
    public static bool TryGetDatabase(string text, bool sqlite, out string name)
    {
        name = IsMongoUri(text) ? MongoUriDatabase(text) : KeyValueDatabase(text, sqlite);
        return name.Length > 0 && !IsSystemDatabase(name);
    }

    // mongodb://user:pass@host1:27017,host2/dbname?options
    private static string MongoUriDatabase(string uri)
    {
        var rest = uri.Trim();
        rest = rest.Substring(rest.IndexOf("://", StringComparison.Ordinal) + 3);
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            rest = rest.Substring(at + 1);
        }

        var slash = rest.IndexOf('/');
        if (slash < 0)
        {
            return string.Empty;
        }

        var path = rest.Substring(slash + 1);
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path.Substring(0, query);
        }

        return Uri.UnescapeDataString(path.Trim());
    }

    private static string KeyValueDatabase(string text, bool sqlite)
    {
        var pairs = Parse(text);
        if (pairs.Count == 0)
        {
            return string.Empty;
        }

        foreach (var key in new[] { "database", "initialcatalog", "db" })
        {
            if (pairs.TryGetValue(key, out var database))
            {
                return database;
            }
        }

        string? file = null;
        foreach (var key in new[] { "datasource", "filename" })
        {
            if (pairs.TryGetValue(key, out var value))
            {
                file = value;
                break;
            }
        }

        if (file is null || IsInMemory(file, pairs) || IsReadOnly(file, pairs))
        {
            return string.Empty;
        }

        // Elsewhere "Data Source" names a server; only a SQLite API or a database-file extension
        // makes it a file.
        var looksLikeFile = false;
        foreach (var extension in SqliteExtensions)
        {
            looksLikeFile |= file.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
        }

        return sqlite || (looksLikeFile && !pairs.ContainsKey("server") && !pairs.ContainsKey("host")) ? file : string.Empty;
    }

    private static bool IsInMemory(string file, Dictionary<string, string> pairs) =>
        file.IndexOf(":memory:", StringComparison.OrdinalIgnoreCase) >= 0 ||
        file.IndexOf("mode=memory", StringComparison.OrdinalIgnoreCase) >= 0 ||
        (pairs.TryGetValue("mode", out var mode) && mode.Equals("memory", StringComparison.OrdinalIgnoreCase));

    // A file every run only reads (a seed database copied to the output) cannot be changed by another run.
    private static bool IsReadOnly(string file, Dictionary<string, string> pairs) =>
        file.IndexOf("mode=ro", StringComparison.OrdinalIgnoreCase) >= 0 ||
        (pairs.TryGetValue("mode", out var mode) && mode.Equals("readonly", StringComparison.OrdinalIgnoreCase)) ||
        (pairs.TryGetValue("readonly", out var readOnly) && readOnly.Equals("true", StringComparison.OrdinalIgnoreCase));

    private static Dictionary<string, string> Parse(string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var key = part.Substring(0, equals).Replace(" ", string.Empty).Trim().ToLowerInvariant();
            var value = part.Substring(equals + 1).Trim().Trim('"', '\'');
            if (key.Length > 0 && !pairs.ContainsKey(key))
            {
                pairs[key] = value;
            }
        }

        return pairs;
    }
}
