using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using MongoDB.Bson;
using MongoDB.Driver;
using Shouldly;
using Tractatus.TestIsolation.Leases;
using Xunit;
using Xunit.Abstractions;

namespace Tractatus.TestIsolation.MongoDB.Tests;

public sealed class MongoLifecycleTests(ITestOutputHelper output)
{
    [MongoFact]
    public async Task Create_makes_a_session_named_database_with_a_lease_from_the_server_clock_and_drop_removes_it()
    {
        var session = MongoTestServer.Session();
        await using var provider = MongoTestServer.Provider(TimeSpan.FromMinutes(2));

        var before = await MongoTestServer.ServerNowAsync();
        var watch = Stopwatch.StartNew();
        var database = await provider.CreateDatabaseAsync(session, "lifecycle");
        var created = watch.Elapsed;
        var after = await MongoTestServer.ServerNowAsync();

        database.Name.ShouldBe("lifecycle_" + session.Id);
        database.Provider.ShouldBe("mongodb");
        database.DisplayName.ShouldEndWith("/" + database.Name);
        (await MongoTestServer.ExistsAsync(database.Name)).ShouldBeTrue();
        provider.CreatedDatabases.ShouldContain(database.Name);

        var lease = (await MongoTestServer.LeaseDocumentAsync(database.Name)).ShouldNotBeNull();
        lease["owner"].AsString.ShouldBe(session.Id);
        lease["library"].AsString.ShouldBe("Tractatus.TestIsolation");
        lease["processId"].AsInt32.ShouldBe(Environment.ProcessId);
        var heartbeatAt = lease["heartbeatAt"].ToUniversalTime();
        heartbeatAt.ShouldBeInRange(before, after);
        (lease["expiresAt"].ToUniversalTime() - heartbeatAt).ShouldBe(TimeSpan.FromMinutes(2));

        // The connection string opens the same database with a fresh client.
        var url = MongoUrl.Create(database.ConnectionString);
        url.DatabaseName.ShouldBe(database.Name);
        using (var client = new MongoClient(url))
        {
            var count = await client.GetDatabase(url.DatabaseName).GetCollection<BsonDocument>(MongoDatabaseProvider.LeaseCollectionName)
                .CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty);
            count.ShouldBe(1);
        }

        watch.Restart();
        (await provider.DropDatabaseAsync(session, database.Name)).ShouldBeTrue();
        var droppedIn = watch.Elapsed;

        (await MongoTestServer.ExistsAsync(database.Name)).ShouldBeFalse();
        provider.CreatedDatabases.ShouldNotContain(database.Name);
        output.WriteLine($"create {created.TotalMilliseconds:F0} ms, drop {droppedIn.TotalMilliseconds:F0} ms");
    }

    [MongoFact]
    public async Task A_second_database_with_the_same_prefix_gets_a_numbered_name()
    {
        var session = MongoTestServer.Session();
        await using var provider = MongoTestServer.Provider();
        var first = await provider.CreateDatabaseAsync(session, "twice");
        var second = await provider.CreateDatabaseAsync(session, "twice");
        try
        {
            second.Name.ShouldBe($"twice_{session.Id}_2");
            (await MongoTestServer.ExistsAsync(second.Name)).ShouldBeTrue();
        }
        finally
        {
            (await provider.DropDatabaseAsync(session, first.Name)).ShouldBeTrue();
            (await provider.DropDatabaseAsync(session, second.Name)).ShouldBeTrue();
        }
    }

    [MongoFact]
    public async Task Heartbeat_renews_the_lease_so_a_sweep_after_the_first_expiry_keeps_it()
    {
        // Without an injected clock the lease takes the server's clock.
        var serverSession = MongoTestServer.Session();
        await using (var real = MongoTestServer.Provider())
        {
            var before = await MongoTestServer.ServerNowAsync();
            var created = await real.CreateDatabaseAsync(serverSession, "serverclock");
            var after = await MongoTestServer.ServerNowAsync();
            (await MongoTestServer.LeaseDocumentAsync(created.Name))!["heartbeatAt"].ToUniversalTime().ShouldBeInRange(before, after);
            (await real.DropDatabaseAsync(serverSession, created.Name)).ShouldBeTrue();
        }

        var ttl = TimeSpan.FromMinutes(3);
        var clock = new FakeTimeProvider();
        var session = MongoTestServer.Session();
        await using var provider = MongoTestServer.Provider(ttl, clock);
        var database = await provider.CreateDatabaseAsync(session, "heartbeat");
        try
        {
            var first = (await MongoTestServer.LeaseDocumentAsync(database.Name))!;
            clock.Advance(TimeSpan.FromMinutes(2));

            await provider.HeartbeatAsync(session);

            var renewed = (await MongoTestServer.LeaseDocumentAsync(database.Name))!;
            renewed["owner"].AsString.ShouldBe(session.Id);
            renewed["startedAt"].ShouldBe(first["startedAt"]);
            var heartbeatAt = renewed["heartbeatAt"].ToUniversalTime();
            heartbeatAt.ShouldBe(clock.GetUtcNow().UtcDateTime, TimeSpan.FromMilliseconds(1)); // BSON dates keep milliseconds
            (renewed["expiresAt"].ToUniversalTime() - heartbeatAt).ShouldBe(ttl);

            // Past the first lease's expiry, within the renewed one: another run's sweep (same clock) keeps it.
            clock.SetUtcNow(new DateTimeOffset(first["expiresAt"].ToUniversalTime(), TimeSpan.Zero));
            await using var otherRun = MongoTestServer.Provider(clock: clock);
            var report = await otherRun.SweepExpiredAsync(MongoTestServer.Session());
            report.KeptLive.ShouldContain(database.Name);
            (await MongoTestServer.ExistsAsync(database.Name)).ShouldBeTrue();
        }
        finally
        {
            await provider.DropDatabaseAsync(session, database.Name);
        }
    }

    [MongoFact]
    public async Task Drop_refuses_another_sessions_database()
    {
        var owner = MongoTestServer.Session();
        await using var provider = MongoTestServer.Provider();
        var database = await provider.CreateDatabaseAsync(owner, "foreign");
        try
        {
            (await provider.DropDatabaseAsync(MongoTestServer.Session(), database.Name)).ShouldBeFalse();
            (await MongoTestServer.ExistsAsync(database.Name)).ShouldBeTrue();
        }
        finally
        {
            (await provider.DropDatabaseAsync(owner, database.Name)).ShouldBeTrue();
        }
    }

    [MongoFact]
    public async Task Drop_refuses_a_lookalike_without_a_lease_even_when_it_carries_the_sessions_id()
    {
        var session = MongoTestServer.Session();
        var name = session.DatabaseName("lookalike", DatabaseNameRules.MongoDB);
        await MongoTestServer.Client.GetDatabase(name).GetCollection<BsonDocument>("orders").InsertOneAsync(new BsonDocument("total", 1));
        try
        {
            await using var provider = MongoTestServer.Provider();
            (await provider.DropDatabaseAsync(session, name)).ShouldBeFalse();
            (await MongoTestServer.ExistsAsync(name)).ShouldBeTrue();
        }
        finally
        {
            await MongoTestServer.DropAsync(name);
        }
    }

    [MongoFact]
    public async Task Drop_refuses_names_outside_the_session_pattern()
    {
        await using var provider = MongoTestServer.Provider();
        (await provider.DropDatabaseAsync(MongoTestServer.Session(), "admin")).ShouldBeFalse();
    }

    [MongoFact]
    public async Task Dispose_keeps_the_databases_for_their_owner_to_drop()
    {
        var session = MongoTestServer.Session();
        string name;
        await using (var provider = MongoTestServer.Provider())
        {
            name = (await provider.CreateDatabaseAsync(session, "disposed")).Name;
        }

        (await MongoTestServer.ExistsAsync(name)).ShouldBeTrue();
        await using var again = MongoTestServer.Provider();
        (await again.DropDatabaseAsync(session, name)).ShouldBeTrue();
    }

    [MongoFact]
    public async Task OpenConnectionAsync_reaches_the_session_database()
    {
        var session = MongoTestServer.Session();
        await using var provider = MongoTestServer.Provider();
        var database = await provider.CreateDatabaseAsync(session, "access");
        try
        {
            var opened = await provider.OpenConnectionAsync(database);
            opened.DatabaseNamespace.DatabaseName.ShouldBe(database.Name);
            await opened.GetCollection<BsonDocument>("documents").InsertOneAsync(new BsonDocument("title", "a"));
            var count = await MongoTestServer.Client.GetDatabase(database.Name).GetCollection<BsonDocument>("documents").CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty);
            count.ShouldBe(1);
        }
        finally
        {
            (await provider.DropDatabaseAsync(session, database.Name)).ShouldBeTrue();
        }
    }

    [MongoFact]
    public async Task OpenConnectionAsync_fails_loudly_when_the_database_lost_its_lease()
    {
        var session = MongoTestServer.Session();
        await using var provider = MongoTestServer.Provider();
        var database = await provider.CreateDatabaseAsync(session, "lost");
        try
        {
            // What a sweep during a long pause leaves behind for the owner: no lease (the data went with it).
            await MongoTestServer.Client.GetDatabase(database.Name).GetCollection<BsonDocument>(MongoDatabaseProvider.LeaseCollectionName)
                .DeleteManyAsync(FilterDefinition<BsonDocument>.Empty);

            var lost = await Should.ThrowAsync<LeaseLostException>(() => provider.OpenConnectionAsync(database));
            lost.ResourceName.ShouldBe(database.Name);
            await Should.ThrowAsync<LeaseLostException>(() => provider.OpenConnectionAsync(database)); // and stays lost
        }
        finally
        {
            await provider.DropDatabaseAsync(session, database.Name);
        }

        (await MongoTestServer.ExistsAsync(database.Name)).ShouldBeFalse();
    }
}
