using Npgsql;

namespace Tractatus.TestIsolation.Benchmarks.Databases;

/// <summary>
/// A 50-table schema applied the way a migration runner does: one migration per table, each in its own
/// transaction (table with identity key, unique slug, a foreign key to the previous table, a secondary
/// index, a row in a migration history table). The template build and the create-and-migrate case both
/// run exactly this.
/// </summary>
internal static class FiftyTableSchema
{
    public const int Tables = 50;

    /// <summary>Changes when the schema below changes, so a stale template is rebuilt.</summary>
    public const string Key = "bench-fifty-tables-v1";

    public static async Task ApplyAsync(NpgsqlConnection connection)
    {
        await using (var history = new NpgsqlCommand("CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", connection))
        {
            await history.ExecuteNonQueryAsync();
        }

        for (var i = 1; i <= Tables; i++)
        {
            var table = $"entity_{i:00}";
            var parent = i == 1 ? string.Empty : $", parent_id bigint REFERENCES entity_{i - 1:00} (id)";
            var sql = $"""
                BEGIN;
                CREATE TABLE {table} (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    slug text NOT NULL UNIQUE,
                    title text NOT NULL,
                    body text,
                    status smallint NOT NULL DEFAULT 0,
                    payload jsonb,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz{parent});
                CREATE INDEX ix_{table}_created_at ON {table} (created_at);
                INSERT INTO schema_migrations (version, name) VALUES ({i}, 'create_{table}');
                COMMIT;
                """;
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The number of user tables in the database <paramref name="connection"/> is open on.</summary>
    public static async Task<long> CountTablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'entity\\_%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
