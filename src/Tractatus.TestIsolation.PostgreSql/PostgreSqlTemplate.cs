using System.Text.Json;
using Npgsql;

namespace Tractatus.TestIsolation.PostgreSql;

/// <summary>
/// The template database session databases are cloned from. Built at most once per template key and
/// server: builders serialize on an advisory lock keyed by the key's hash, and a finished template is
/// marked by a comment holding that hash, so a half-built template (builder killed) is rebuilt rather
/// than cloned.
/// </summary>
internal sealed class PostgreSqlTemplate
{
    private const int KeyHashLength = 12;

    private readonly PostgreSqlServer _server;
    private readonly Func<NpgsqlConnection, Task>? _migrate;
    private readonly string _keyHash;
    private readonly TimeSpan _buildTimeout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ready;

    public PostgreSqlTemplate(PostgreSqlServer server, PostgreSqlProviderOptions options)
    {
        _server = server;
        _migrate = options.Migrate;
        _buildTimeout = options.TemplateBuildTimeout;
        var name = options.TemplateDatabase;
        if (_migrate is null)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("PostgreSqlProviderOptions.TemplateDatabase is empty. Set it to the template to clone, or leave it null to create empty databases.", nameof(options));
            }

            Name = name;
            _keyHash = string.Empty;
            return;
        }

        if (string.IsNullOrWhiteSpace(options.TemplateKey))
        {
            throw new ArgumentException("PostgreSqlProviderOptions.Migrate is set but TemplateKey is empty. Set TemplateKey to something that changes when the schema changes, e.g. a hash of the migration scripts.", nameof(options));
        }

        var baseName = string.IsNullOrWhiteSpace(name) ? "tractatus_template" : name;
        _keyHash = PostgreSqlSql.ShortHash(options.TemplateKey, 64);
        Name = baseName + "_" + _keyHash[..KeyHashLength];
        DatabaseNameRules.PostgreSql.ValidateName(Name);
        LockKey = PostgreSqlSql.LockKey("template", options.TemplateKey);
    }

    /// <summary>The template's database name.</summary>
    public string Name { get; }

    /// <summary>The advisory lock builders hold: derived from the template key, so every machine agrees on it.</summary>
    public long LockKey { get; }

    /// <summary>Makes sure the template exists and is complete; builds it when needed. Cheap after the first call.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_migrate is null || Volatile.Read(ref _ready))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
            await LockAsync(connection, cancellationToken).ConfigureAwait(false);
            try
            {
                if (!await IsCompleteAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    await BuildAsync(connection, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                // Unlock even when cancelled: the lock is per connection, and this one goes back to the pool.
                await PostgreSqlSql.ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey)).ConfigureAwait(false);
            }

            Volatile.Write(ref _ready, true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the template (e.g. after the schema changed and the old key is no longer used).</summary>
    public async Task DropAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        var locked = _migrate is not null;
        if (locked)
        {
            await LockAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await DropIfExistsAsync(connection, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _ready, false);
        }
        finally
        {
            if (locked)
            {
                await PostgreSqlSql.ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Takes the build lock, waiting as long as another session's build may take (<see cref="PostgreSqlProviderOptions.TemplateBuildTimeout"/>),
    /// never Npgsql's 30 s command timeout; a timeout names the process that holds it.
    /// </summary>
    private Task LockAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        PostgreSqlLeases.LockAsync(
            connection,
            LockKey,
            $"the build lock of template database '{Name}' (another session runs PostgreSqlProviderOptions.Migrate; raise TemplateBuildTimeout if migrations are slow)",
            _buildTimeout,
            cancellationToken);

    private async Task<bool> IsCompleteAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", Name);
        var comment = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        if (comment is null)
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(comment);
            return json.RootElement.TryGetProperty("templateKeyHash", out var hash) && hash.GetString() == _keyHash;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task BuildAsync(NpgsqlConnection maintenance, CancellationToken cancellationToken)
    {
        // A template without the completion marker is what a killed builder left: start over.
        await DropIfExistsAsync(maintenance, cancellationToken).ConfigureAwait(false);
        var quoted = PostgreSqlSql.Quote(Name);
        await PostgreSqlSql.ExecuteAsync(maintenance, "CREATE DATABASE " + quoted, cancellationToken).ConfigureAwait(false);

        // Unpooled, so no idle connection to the template outlives the migration: CREATE DATABASE … TEMPLATE
        // fails while anyone is connected to the template.
        var connectionString = _server.ConnectionStringFor(Name, pooling: false);
        await using (var connection = await _server.OpenAsync(connectionString, Name, cancellationToken).ConfigureAwait(false))
        {
            await _migrate!(connection).ConfigureAwait(false);
        }

        NpgsqlConnection.ClearPool(new NpgsqlConnection(_server.ConnectionStringFor(Name)));

        // IS_TEMPLATE lets any role with CREATEDB clone it; ALLOW_CONNECTIONS false keeps stray connections
        // (which would make every clone fail) away.
        await PostgreSqlSql.ExecuteAsync(maintenance, $"ALTER DATABASE {quoted} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false", cancellationToken).ConfigureAwait(false);
        var marker = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["library"] = "Tractatus.TestIsolation",
            ["templateKeyHash"] = _keyHash,
        });
        await PostgreSqlSql.CommentAsync(maintenance, Name, marker, cancellationToken).ConfigureAwait(false);
    }

    private async Task DropIfExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection))
        {
            exists.Parameters.AddWithValue("name", Name);
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
            {
                return;
            }
        }

        var quoted = PostgreSqlSql.Quote(Name);
        await PostgreSqlSql.ExecuteAsync(connection, $"ALTER DATABASE {quoted} WITH IS_TEMPLATE false", cancellationToken).ConfigureAwait(false);
        await PostgreSqlSql.ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", cancellationToken).ConfigureAwait(false);
    }
}
