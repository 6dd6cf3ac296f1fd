using MongoDB.Bson;
using MongoDB.Driver;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.MongoDB;

/// <summary>
/// The session databases of one MongoDB deployment as an <see cref="ILeaseStore"/>. MongoDB has no lock that lives
/// exactly as long as a client process, so owner liveness is <see cref="OwnerLiveness.Unknown"/> and the lease's time
/// (the owner's TTL, the server's clock) decides alone. A database is created by inserting its lease, so there is no
/// instant at which it exists without one; removal first claims it by deleting the exact lease that was read.
/// </summary>
internal sealed class MongoLeaseStore : ILeaseStore
{
    private readonly MongoServer _server;
    private readonly Func<TimeProvider?> _testClock;

    public MongoLeaseStore(MongoServer server, Func<TimeProvider?> testClock)
    {
        _server = server;
        _testClock = testClock;
    }

    public string Kind => MongoDatabaseProvider.ProviderName;

    public string Location => _server.Describe();

    public string? SessionIdOf(string name) => SessionDatabaseNames.SessionIdOf(name, DatabaseNameRules.MongoDB);

    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken) =>
        await _server.ListDatabaseNamesAsync(cancellationToken).ConfigureAwait(false);

    public async Task<LeaseProbe> ProbeAsync(string name, CancellationToken cancellationToken)
    {
        var now = await NowAsync(cancellationToken).ConfigureAwait(false);
        var database = _server.Client.GetDatabase(name);
        var lease = await _server.RunAsync(() => MongoLeases.ReadAsync(database, cancellationToken)).ConfigureAwait(false);
        if (lease is null && !(await _server.ListDatabaseNamesAsync(cancellationToken).ConfigureAwait(false)).Contains(name, StringComparer.Ordinal))
        {
            return LeaseProbe.Missing(now);
        }

        return new LeaseProbe(true, lease, now, OwnerLiveness.Unknown);
    }

    public async Task<DropOutcome> DropIfAsync(string name, Func<LeaseProbe, bool> stillRemovable, CancellationToken cancellationToken)
    {
        var fresh = await ProbeAsync(name, cancellationToken).ConfigureAwait(false);
        if (!fresh.Exists)
        {
            return DropOutcome.Vanished;
        }

        if (fresh.Lease is null || !stillRemovable(fresh))
        {
            return DropOutcome.Changed;
        }

        // Claim: only the sweeper that deletes this exact lease drops the database; a heartbeat in between changes
        // expiresAt and the claim fails, and of two sweepers only one deletes it.
        var database = _server.Client.GetDatabase(name);
        var claim = MongoLeases.OwnedBy(fresh.Lease.Owner) & Builders<BsonDocument>.Filter.Eq("expiresAt", fresh.Lease.ExpiresAt.UtcDateTime);
        var deleted = await _server.RunAsync(() => MongoLeases.Collection(database).DeleteOneAsync(claim, cancellationToken)).ConfigureAwait(false);
        if (deleted.DeletedCount != 1)
        {
            return DropOutcome.Changed;
        }

        await _server.RunAsync(() => _server.Client.DropDatabaseAsync(name, cancellationToken)).ConfigureAwait(false);
        return DropOutcome.Dropped;
    }

    internal Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken) =>
        _testClock() is { } clock ? Task.FromResult(clock.GetUtcNow()) : _server.ServerNowAsync(cancellationToken);
}
