using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Driver;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.MongoDB;

/// <summary>
/// Creates a MongoDB database per test session, keeps a lease document in it (renewed with the
/// server's clock), and drops it with <c>dropDatabase</c>. Sweeps databases of crashed sessions once
/// their lease expired; never touches a database without this library's lease. Unique indexes and
/// seed data are the test's own business, created in the session database after it exists.
/// </summary>
/// <example>
/// <code>
/// await using var provider = new MongoDatabaseProvider(MongoProviderOptions.FromEnvironment());
/// var created = await provider.CreateDatabaseAsync(TestSession.Current, "cms");
/// var documents = (await provider.OpenConnectionAsync(created)).GetCollection&lt;BsonDocument&gt;("documents");
/// </code>
/// </example>
public sealed class MongoDatabaseProvider : IIsolatedDatabaseProvider
{
    /// <summary>The value of <see cref="Name"/>.</summary>
    public const string ProviderName = "mongodb";

    /// <summary>The collection holding a session database's lease document.</summary>
    public const string LeaseCollectionName = MongoLeases.CollectionName;

    private const int MaxNameAttempts = 20;

    private readonly MongoProviderOptions _options;
    private readonly MongoServer _server;
    private readonly ConcurrentDictionary<string, TestSession> _owned = new(StringComparer.Ordinal); // name → creating session
    private readonly ConcurrentDictionary<string, string> _lost = new(StringComparer.Ordinal); // name → why
    private readonly MongoLeaseStore _store;

    /// <summary>Creates a provider; does not contact the server until first used.</summary>
    /// <exception cref="InvalidOperationException">No connection string is given and <c>TRACTATUS_MONGODB_URI</c> is not set.</exception>
    /// <exception cref="ArgumentException">The connection string is not valid.</exception>
    public MongoDatabaseProvider(MongoProviderOptions? options = null)
    {
        _options = options ?? new MongoProviderOptions();
        _server = new MongoServer(_options);
        _store = new MongoLeaseStore(_server, () => _options.Lease is { UsesSystemClock: false } lease ? lease.TimeProvider : null);
    }

    /// <inheritdoc />
    /// <remarks>MongoDB cannot prove an owner alive: <see cref="OwnerLiveness.Unknown"/>, the lease's time decides alone.</remarks>
    public ILeaseStore LeaseStore => _store;

    /// <summary>A provider for the server named by <c>TRACTATUS_MONGODB_URI</c>.</summary>
    public static MongoDatabaseProvider FromEnvironment() => new(MongoProviderOptions.FromEnvironment());

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public DatabaseNameRules NameRules => DatabaseNameRules.MongoDB;

    /// <summary>The driver client, configured with this provider's timeouts. Owned by the provider.</summary>
    internal IMongoClient Client => _server.Client;

    /// <summary>The server, without password, e.g. <c>mongodb://127.0.0.1:27017/</c>.</summary>
    internal string ServerDisplayName => _server.Describe();

    /// <summary>Names of the databases this provider created and has not dropped.</summary>
    internal IReadOnlyCollection<string> CreatedDatabases => _owned.Keys.ToArray();

    /// <summary>
    /// A connection string for <paramref name="databaseName"/> on this server with the same credentials; the
    /// authentication database stays where the user is defined.
    /// </summary>
    internal string ConnectionStringFor(string databaseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        return _server.ConnectionStringFor(databaseName);
    }

    /// <summary>
    /// The session database <paramref name="database"/>, after checking that it still carries its lease (when this
    /// provider created it); the provider's client owns and pools the connections, so there is nothing to dispose.
    /// Every provider has this method, returning its driver's handle.
    /// </summary>
    /// <exception cref="LeaseLostException">The database lost its lease: another run swept it while this process was paused longer than the TTL.</exception>
    public async Task<IMongoDatabase> OpenConnectionAsync(IsolatedDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ThrowIfLost(database.Name);
        if (_owned.TryGetValue(database.Name, out var owner))
        {
            await EnsureLeaseAsync(owner, database, cancellationToken).ConfigureAwait(false);
        }

        return GetDatabase(database.Name);
    }

    /// <summary>The session database <paramref name="database"/> through <see cref="Client"/>, without a round trip.</summary>
    /// <exception cref="LeaseLostException">A heartbeat found that the database lost its lease (swept during a pause longer than the TTL).</exception>
    internal IMongoDatabase GetDatabase(IsolatedDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        ThrowIfLost(database.Name);
        return GetDatabase(database.Name);
    }

    /// <summary>
    /// Checks now that <paramref name="database"/> still carries this session's lease; throws <see cref="LeaseLostException"/>
    /// when it was swept (and perhaps recreated without a lease by a write after the pause). The heartbeat does the
    /// same check every interval, and <see cref="OpenConnectionAsync"/> does it for the databases this provider created.
    /// </summary>
    internal async Task EnsureLeaseAsync(TestSession session, IsolatedDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(database);
        ThrowIfLost(database.Name);
        var lease = await _server.RunAsync(() => MongoLeases.ReadAsync(GetDatabase(database.Name), cancellationToken)).ConfigureAwait(false);
        if (lease is null || lease.Owner != session.Id)
        {
            await HandleLostAsync(session, database.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The database <paramref name="databaseName"/> through <see cref="Client"/>.</summary>
    internal IMongoDatabase GetDatabase(string databaseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        return Client.GetDatabase(databaseName);
    }

    /// <inheritdoc />
    public async Task<IsolatedDatabase> CreateDatabaseAsync(TestSession session, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        NameRules.ValidatePrefix(prefix);
        var existing = (await ListDatabaseNamesAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        for (var attempt = 1; ; attempt++)
        {
            var name = session.DatabaseName(prefix, NameRules);
            if (existing.Contains(name) && attempt < MaxNameAttempts)
            {
                continue; // taken, e.g. by another provider instance of this session
            }

            var now = await NowAsync(session, cancellationToken).ConfigureAwait(false);
            var lease = LeaseRecord.For(session, now, TimeToLive(session));
            try
            {
                // The first write creates the database: it exists from here on with its lease, never without.
                await _server.RunAsync(() => MongoLeases.Collection(GetDatabase(name))
                    .InsertOneAsync(MongoLeases.ToDocument(lease), cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey && attempt < MaxNameAttempts)
            {
                continue; // created between listing and inserting: take the next suffix
            }

            _owned[name] = session;
            return new IsolatedDatabase(Name, name, _server.ConnectionStringFor(name), _server.Describe(name));
        }
    }

    /// <inheritdoc />
    public async Task HeartbeatAsync(TestSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var mine = _owned.Where(pair => pair.Value.Id == session.Id).Select(pair => pair.Key).ToArray();
        if (mine.Length == 0)
        {
            return;
        }

        var now = await NowAsync(session, cancellationToken).ConfigureAwait(false);
        var expiresAt = now + TimeToLive(session);
        var update = Builders<BsonDocument>.Update
            .Set("heartbeatAt", now.UtcDateTime)
            .Set("expiresAt", expiresAt.UtcDateTime)
            .Set("host", session.Host)
            .Set("processId", session.ProcessId);
        List<LeaseLostException>? lost = null;
        foreach (var name in mine)
        {
            var result = await _server.RunAsync(() => MongoLeases.Collection(GetDatabase(name))
                .UpdateOneAsync(MongoLeases.OwnedBy(session.Id), update, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (result.MatchedCount == 0)
            {
                try
                {
                    await HandleLostAsync(session, name, cancellationToken).ConfigureAwait(false);
                }
                catch (LeaseLostException e)
                {
                    (lost ??= []).Add(e);
                }
            }
        }

        if (lost is not null)
        {
            throw lost.Count == 1 ? lost[0] : new LeaseLostException(string.Join(" ", lost.Select(e => e.Message)), lost[0]);
        }
    }

    /// <summary>
    /// The lease of <paramref name="name"/> is gone: swept after this process was paused past its TTL, or dropped by
    /// hand. A write after the pause may have recreated the database without a lease; it is leased again (expired
    /// at once) so a later sweep removes it instead of it leaking forever. Always throws.
    /// </summary>
    private async Task HandleLostAsync(TestSession session, string name, CancellationToken cancellationToken)
    {
        var exists = (await _server.ListDatabaseNamesAsync(cancellationToken).ConfigureAwait(false)).Contains(name, StringComparer.Ordinal);
        var reason = $"The MongoDB session database '{_server.Describe(name)}' lost its lease: another run swept it while this process was paused "
            + $"for longer than the lease's time to live ({TimeToLive(session).TotalSeconds:0.#} s), or it was dropped by hand; its data is gone. "
            + "MongoDB cannot prove a paused process alive, so only the TTL protects it: raise TRACTATUS_LEASE_TTL_SECONDS when debugging.";
        if (exists)
        {
            var now = await NowAsync(session, cancellationToken).ConfigureAwait(false);
            var tombstone = LeaseRecord.For(session, now, TimeSpan.Zero);
            await _server.RunAsync(() => MongoLeases.Collection(GetDatabase(name)).ReplaceOneAsync(
                Builders<BsonDocument>.Filter.Eq("_id", MongoLeases.DocumentId),
                MongoLeases.ToDocument(tombstone),
                new ReplaceOptions { IsUpsert = true },
                cancellationToken)).ConfigureAwait(false);
            reason += " A write after the pause recreated it without a lease; it was given an expired lease so the next sweep removes it.";
        }

        _lost[name] = reason;
        throw new LeaseLostException(reason) { ResourceName = name };
    }

    private void ThrowIfLost(string name)
    {
        if (_lost.TryGetValue(name, out var reason))
        {
            throw new LeaseLostException(reason) { ResourceName = name };
        }
    }

    /// <inheritdoc />
    public async Task<bool> DropDatabaseAsync(TestSession session, string databaseName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        if (SessionDatabaseNames.SessionIdOf(databaseName, NameRules) != session.Id)
        {
            return false;
        }

        _lost.TryRemove(databaseName, out _);
        var database = GetDatabase(databaseName);
        var lease = await _server.RunAsync(() => MongoLeases.ReadAsync(database, cancellationToken)).ConfigureAwait(false);
        if (lease is null || lease.Owner != session.Id)
        {
            _owned.TryRemove(databaseName, out _);
            return false;
        }

        await _server.RunAsync(() => Client.DropDatabaseAsync(databaseName, cancellationToken)).ConfigureAwait(false);
        _owned.TryRemove(databaseName, out _);
        return true;
    }

    /// <inheritdoc />
    public Task<SweepReport> SweepExpiredAsync(TestSession current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        return LeaseSweeper.SweepAsync(LeaseStore, new SweepOptions { CurrentSessionId = current.Id }, cancellationToken);
    }

    /// <summary>Closes the client's connections. Does not drop databases.</summary>
    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        return ValueTask.CompletedTask;
    }

    private TimeSpan TimeToLive(TestSession session) => LeaseOptionsFor(session).TimeToLive;

    private LeaseOptions LeaseOptionsFor(TestSession session) => _options.Lease ?? session.Options.Lease;

    /// <summary>The server's clock, or the lease options' injected clock (tests).</summary>
    private Task<DateTimeOffset> NowAsync(TestSession session, CancellationToken cancellationToken) =>
        LeaseOptionsFor(session) is { UsesSystemClock: false } lease ? Task.FromResult(lease.TimeProvider.GetUtcNow()) : _server.ServerNowAsync(cancellationToken);

    private Task<List<string>> ListDatabaseNamesAsync(CancellationToken cancellationToken) => _server.ListDatabaseNamesAsync(cancellationToken);
}
