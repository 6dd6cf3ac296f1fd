using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Tractatus.TestIsolation.PostgreSql;

/// <summary>Small SQL helpers: identifier quoting, advisory lock keys, DDL execution.</summary>
internal static class PostgreSqlSql
{
    /// <summary>Quotes an identifier for DDL (CREATE/DROP/COMMENT ON DATABASE take no parameters).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// A 64-bit advisory lock key for <paramref name="purpose"/> and <paramref name="value"/>. SHA-256 rather
    /// than string.GetHashCode, which differs between processes; every machine must agree on the key.
    /// </summary>
    public static long LockKey(string purpose, string value) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("Tractatus.TestIsolation/" + purpose + "/" + value)), 0);

    /// <summary>Lower-case hex of SHA-256 of <paramref name="value"/>, shortened to <paramref name="length"/> digits.</summary>
    public static string ShortHash(string value, int length)
    {
        var hex = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        return hex[..length].ToLowerInvariant();
    }

    internal static async Task CommentAsync(NpgsqlConnection connection, string database, string comment, CancellationToken cancellationToken)
    {
        // COMMENT takes no parameters; let the server quote both parts.
        await using var format = new NpgsqlCommand("SELECT format('COMMENT ON DATABASE %I IS %L', @name, @comment)", connection);
        format.Parameters.AddWithValue("name", database);
        format.Parameters.AddWithValue("comment", comment);
        var sql = (string)(await format.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        await ExecuteAsync(connection, sql, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
