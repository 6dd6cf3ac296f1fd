using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;
using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOutLibraries;

/// <summary>
/// Held-out TI1001 shapes of storage libraries' own suites and of apps built on them: the unique
/// keys of their tables (a distributed lock's <c>resource</c>, an event journal's
/// <c>persistence_id</c>, a stream or aggregate id, ASP.NET Core Identity's normalized names,
/// Quartz.NET's scheduler, job and trigger names) written with fixed values to a shared server,
/// and the near misses that must stay quiet (payload names, per-run values, in-memory stores).
/// </summary>
public class HeldOutLibraryKeysTests
{
    private const string SharedPostgres = HeldOutWipes.HeldOutWipeSources.SharedPostgres;

    private const string SharedMongo = """

        public static class SharedServer
        {
            public static IMongoDatabase Database { get; set; } = null!;
        }
        """;

    private const string IdentityModel = """

        public sealed class AppRole
        {
            public string Id { get; set; } = Guid.NewGuid().ToString();

            public string? Name { get; set; }

            public string? NormalizedName { get; set; }
        }

        public sealed class AppUser
        {
            public string Id { get; set; } = Guid.NewGuid().ToString();

            public string? DisplayName { get; set; }

            public string? NormalizedUserName { get; set; }

            public string? NormalizedEmail { get; set; }
        }

        public sealed class IdentityDb : DbContext
        {
            public IdentityDb(DbContextOptions<IdentityDb> options) : base(options) { }

            public DbSet<AppRole> Roles => Set<AppRole>();

            public DbSet<AppUser> Users => Set<AppUser>();
        }
        """;

    private static readonly Dictionary<string, Shape> Flagged = new()
    {
        // Hangfire.PostgreSql lock facts: the lock row's primary key is the resource name.
        ["lock_row_keyed_by_a_fixed_resource"] = new("""
            public class LockResourceTests
            {
                [Fact]
                public void Inserts_lock_row()
                {
                    using var connection = Db.Open();
                    connection.Execute(
                        "INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES (@Resource, 0, now())",
                        new { Resource = {|TI1001:"exclusive"|} });
                }
            }
            """ + SharedPostgres),

        // Hangfire.Mongo lock facts: a unique index on Resource.
        ["mongo_lock_document_with_a_fixed_resource"] = new("""
            public class MongoLockTests
            {
                [Fact]
                public void Inserts_lock_document()
                {
                    SharedServer.Database.GetCollection<BsonDocument>("hangfire.locks").InsertOne(
                        new BsonDocument { { "Resource", {|TI1001:"resource1"|} }, { "ExpireAt", DateTime.UtcNow.AddMinutes(1) } });
                }
            }
            """ + SharedMongo),

        // Akka.NET SQL journals: persistence_id is the journal's key.
        ["journal_row_with_a_fixed_persistence_id_parameter"] = new("""
            public class JournalTests
            {
                [Fact]
                public void Writes_event()
                {
                    using var connection = Db.Open();
                    using var command = new NpgsqlCommand(
                        "INSERT INTO event_journal (persistence_id, sequence_nr, payload) VALUES (@persistence_id, 1, @payload)", connection);
                    command.Parameters.AddWithValue("persistence_id", {|TI1001:"d-1"|});
                    command.Parameters.AddWithValue("payload", new byte[] { 1 });
                    command.ExecuteNonQuery();
                }
            }
            """ + SharedPostgres),

        // ASP.NET Core Identity seeding through EF Core on a server provider: NormalizedName is unique.
        ["identity_role_seeded_with_a_fixed_normalized_name"] = new("""
            public class RoleSeedTests
            {
                [Fact]
                public void Seeds_admin_role()
                {
                    var options = new DbContextOptionsBuilder<IdentityDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options;
                    using var db = new IdentityDb(options);
                    db.Roles.Add(new AppRole { Name = "Admin", NormalizedName = {|TI1001:"ADMIN"|} });
                    db.SaveChanges();
                }
            }
            """ + IdentityModel) { References = [Stubs.NpgsqlEf] },

        ["identity_user_seeded_with_fixed_normalized_user_name_and_email"] = new("""
            public static class IdentityTestSeeder
            {
                public static async Task SeedAsync(IdentityDb db)
                {
                    db.Users.Add(new AppUser
                    {
                        DisplayName = "Administrator",
                        NormalizedUserName = {|TI1001:"ADMIN"|},
                        NormalizedEmail = {|TI1001:"ADMIN@EXAMPLE.COM"|},
                    });
                    await db.SaveChangesAsync();
                }
            }

            public class SeededUserTests
            {
                [Fact]
                public async Task Seeds()
                {
                    await using var db = new IdentityDb(new DbContextOptionsBuilder<IdentityDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                    await IdentityTestSeeder.SeedAsync(db);
                }
            }
            """ + IdentityModel) { References = [Stubs.NpgsqlEf] },

        // Event stores on PostgreSQL: a stream is keyed by its id.
        ["event_row_with_a_fixed_stream_id"] = new("""
            public class EventStoreTests
            {
                [Fact]
                public async Task Appends()
                {
                    await using var connection = Db.Open();
                    await connection.ExecuteAsync(
                        "INSERT INTO mt_events (stream_id, version, data) VALUES (@StreamId, 1, @Data::jsonb)",
                        new { StreamId = {|TI1001:"order-42"|}, Data = "{}" });
                }
            }
            """ + SharedPostgres),

        ["mongo_snapshot_with_a_fixed_aggregate_id"] = new("""
            public class SnapshotTests
            {
                [Fact]
                public async Task Saves_snapshot()
                {
                    var snapshots = SharedServer.Database.GetCollection<BsonDocument>("snapshots");
                    await snapshots.InsertOneAsync(new BsonDocument { { "AggregateId", {|TI1001:"cart-1"|} }, { "Version", 3 } });
                }
            }
            """ + SharedMongo),

        // Quartz.NET's ADO job store: rows keyed by (sched_name, job_name, ...), written as literals.
        ["quartz_job_detail_row_with_fixed_scheduler_and_job_names"] = new("""
            public class JobStoreTests
            {
                [Fact]
                public void Stores_job()
                {
                    using var connection = Db.Open();
                    connection.Execute("INSERT INTO qrtz_job_details (sched_name, job_name, job_group, job_class_name) VALUES ({|TI1001:'TestScheduler'|}, {|TI1001:'good'|}, 'DEFAULT', 'GoodJob')");
                }
            }
            """ + SharedPostgres),

        ["quartz_trigger_row_with_fixed_names_as_parameters"] = new("""
            public class TriggerStoreTests
            {
                [Fact]
                public async Task Stores_trigger()
                {
                    await using var connection = Db.Open();
                    await connection.ExecuteAsync(
                        "INSERT INTO qrtz_triggers (sched_name, trigger_name, trigger_group, job_name) VALUES (@SchedName, @TriggerName, @TriggerGroup, @JobName)",
                        new { SchedName = {|TI1001:"ClusteredTest"|}, TriggerName = {|TI1001:"nightly"|}, TriggerGroup = "DEFAULT", JobName = {|TI1001:"cleanup"|} });
                }
            }
            """ + SharedPostgres),
        // StackExchange.Redis's Me(): a key named by [CallerMemberName] is the same in every run, like nameof.
        ["key_from_a_caller_member_name_helper"] = new("""
            using System.Runtime.CompilerServices;

            public class CallerKeyTests
            {
                private static string Key([CallerMemberName] string caller = "") => "tests:" + caller;

                [Fact]
                public void Stores_counter()
                {
                    using var connection = Db.Open();
                    connection.Execute("INSERT INTO counters (key, value) VALUES (@key, 1)", new { key = {|TI1001:Key()|} });
                }
            }
            """ + SharedPostgres),

        ["key_from_nameof_the_test"] = new("""
            public class NameofKeyTests
            {
                [Fact]
                public void Stores_by_nameof()
                {
                    using var connection = Db.Open();
                    connection.Execute("INSERT INTO counters (key, value) VALUES (@key, 1)", new { key = {|TI1001:nameof(Stores_by_nameof)|} });
                }
            }
            """ + SharedPostgres),
    };

    private static readonly Dictionary<string, Shape> NotFlagged = new()
    {
        ["key_from_a_caller_member_name_helper_with_a_run_prefix"] = new("""
            using System.Runtime.CompilerServices;

            public class PrefixedCallerKeyTests
            {
                private static readonly string RunId = Guid.NewGuid().ToString("N");

                private static string Key([CallerMemberName] string caller = "") => RunId + ":" + caller;

                [Fact]
                public void Stores_counter()
                {
                    using var connection = Db.Open();
                    connection.Execute("INSERT INTO counters (key, value) VALUES (@key, 1)", new { key = Key() });
                }
            }
            """ + SharedPostgres),

        ["lock_row_with_a_per_run_resource"] = new("""
            public class PerRunLockTests
            {
                [Fact]
                public void Inserts_lock_row()
                {
                    using var connection = Db.Open();
                    connection.Execute(
                        "INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES (@Resource, 0, now())",
                        new { Resource = $"lock-{Guid.NewGuid():N}" });
                }
            }
            """ + SharedPostgres),

        // MongoDB.Entities TestIndexes: Title and Name carry no unique index.
        ["mongo_books_with_fixed_titles_and_names"] = new("""
            public class TextSearchTests
            {
                [Fact]
                public void Seeds_books()
                {
                    var runId = Guid.NewGuid().ToString();
                    SharedServer.Database.GetCollection<BsonDocument>("books").InsertOne(
                        new BsonDocument { { "Title", "One" }, { "Name", "Name" }, { "Surname", runId } });
                }
            }
            """ + SharedMongo),

        // Hangfire job queue facts: the queue name is payload, shared by many rows.
        ["job_queue_row_with_a_fixed_queue_name"] = new("""
            public class JobQueueTests
            {
                [Fact]
                public void Enqueues()
                {
                    using var connection = Db.Open();
                    connection.Execute("INSERT INTO hangfire.jobqueue (jobid, queue) VALUES (@JobId, @Queue)", new { JobId = 1, Queue = "default" });
                }
            }
            """ + SharedPostgres),

        ["identity_role_with_only_a_display_name"] = new("""
            public class RoleNameTests
            {
                [Fact]
                public void Seeds_role()
                {
                    var options = new DbContextOptionsBuilder<IdentityDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options;
                    using var db = new IdentityDb(options);
                    db.Roles.Add(new AppRole { Name = "Admin", NormalizedName = Guid.NewGuid().ToString("N").ToUpperInvariant() });
                    db.SaveChanges();
                }
            }
            """ + IdentityModel) { References = [Stubs.NpgsqlEf] },

        ["identity_user_with_fixed_normalized_name_in_the_in_memory_provider"] = new("""
            public class InMemoryIdentityTests
            {
                [Fact]
                public void Seeds_user()
                {
                    var options = new DbContextOptionsBuilder<IdentityDb>().UseInMemoryDatabase("identity").Options;
                    using var db = new IdentityDb(options);
                    db.Users.Add(new AppUser { NormalizedUserName = "ADMIN", NormalizedEmail = "ADMIN@EXAMPLE.COM" });
                    db.SaveChanges();
                }
            }
            """ + IdentityModel) { References = [Stubs.InMemoryEf] },

        ["journal_row_with_a_per_run_persistence_id"] = new("""
            public class JournalWriterSpec
            {
                private readonly string _pid = "p-" + Guid.NewGuid().ToString("N");

                [Fact]
                public void Writes_messages()
                {
                    using var connection = Db.Open();
                    using var command = new NpgsqlCommand("INSERT INTO event_journal (persistence_id, sequence_nr) VALUES (@persistence_id, 1)", connection);
                    command.Parameters.AddWithValue("persistence_id", _pid);
                    command.ExecuteNonQuery();
                }
            }
            """ + SharedPostgres),

        // Names that only contain a key name: a resource type, a stream's category, a job's group.
        ["key_like_names_that_are_not_whole_key_names"] = new("""
            public class CategoryTests
            {
                [Fact]
                public void Stores_categories()
                {
                    using var connection = Db.Open();
                    connection.Execute(
                        "INSERT INTO catalog (resource_type, stream_category, job_group) VALUES (@ResourceType, @StreamCategory, @JobGroup)",
                        new { ResourceType = "lock", StreamCategory = "orders", JobGroup = "DEFAULT" });
                }
            }
            """ + SharedPostgres),

        ["event_row_with_a_stream_id_from_a_guid"] = new("""
            public class PerRunStreamTests
            {
                [Fact]
                public async Task Appends()
                {
                    var streamId = Guid.NewGuid().ToString();
                    await using var connection = Db.Open();
                    await connection.ExecuteAsync("INSERT INTO mt_events (stream_id, version) VALUES (@StreamId, 1)", new { StreamId = streamId });
                }
            }
            """ + SharedPostgres),
    };

    /// <summary>The flagged case names.</summary>
    public static TheoryData<string> FlaggedNames => HeldOutCases.Names(Flagged);

    /// <summary>The not-flagged case names.</summary>
    public static TheoryData<string> NotFlaggedNames => HeldOutCases.Names(NotFlagged);

    [Theory]
    [MemberData(nameof(FlaggedNames))]
    public Task Is_flagged(string name) => Run(Flagged[name]);

    [Theory]
    [MemberData(nameof(NotFlaggedNames))]
    public Task Is_not_flagged(string name) => Run(NotFlagged[name]);
}
