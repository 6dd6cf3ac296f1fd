using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOut;

/// <summary>
/// Held-out shapes of a SQLite file in a folder every run on the machine shares (the temp folder,
/// a special folder, the application base directory) with a fixed name. Near misses: a per-run
/// file name or folder, an OS-generated temp file, in-memory databases.
/// </summary>
public class HeldOutSharedFolderSqliteTests
{
    [Fact]
    public Task Flagged_fixture_connection_string_interpolating_the_temp_folder() => Run(new("""
        public class TasksDb : DbContext
        {
            public TasksDb(DbContextOptions<TasksDb> o) : base(o) { }
        }

        public class TestDatabaseFixture
        {
            private readonly string _cs = $"DataSource={Path.Combine(Path.GetTempPath(), {|TI1002:"test.db"|})}";

            public TestDatabaseFixture()
            {
                using var db = new TasksDb(new DbContextOptionsBuilder<TasksDb>().UseSqlite(_cs).Options);
                db.Database.EnsureCreated();
            }
        }
        """)
    {
        References = [Stubs.SqliteEf],
    });

    [Fact]
    public Task Flagged_builder_data_source_in_the_temp_folder() => Test("""
        public class ExpressionTests
        {
            [Fact]
            public void Opens()
            {
                var b = new SqliteConnectionStringBuilder
                {
                    DataSource = Path.Combine(Path.GetTempPath(), {|TI1002:"expressions.db"|}),
                    Mode = SqliteOpenMode.ReadWriteCreate,
                    Cache = SqliteCacheMode.Shared,
                };
                using var conn = new SqliteConnection(b.ToString());
                conn.Open();
            }
        }
        """);

    [Fact]
    public Task Flagged_field_path_used_by_the_test_and_deleted_afterwards() => Test("""
        public class TestDatabase : IDisposable
        {
            private readonly string _dbPath = Path.Combine(Path.GetTempPath(), {|TI1002:"todo-tests.db"|});

            [Fact]
            public void Adds()
            {
                using var c = new SqliteConnection($"Data Source={_dbPath}");
                c.Open();
            }

            public void Dispose() => File.Delete(_dbPath);
        }
        """);

    [Fact]
    public Task Flagged_special_folder_and_base_directory() => Test("""
        public class FolderTests
        {
            [Fact]
            public void Local_app_data()
            {
                var path = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "acme", {|TI1002:"cache.sqlite"|});
                using var c = new SqliteConnection("Data Source=" + path);
                c.Open();
            }

            [Fact]
            public void Base_directory()
            {
                using var c = new SqliteConnection("Data Source=" + Path.Combine(AppContext.BaseDirectory, {|TI1002:"fixtures.db"|}));
                c.Open();
            }
        }
        """);

    [Fact]
    public Task Flagged_temp_folder_held_in_a_local() => Test("""
        public class LocalRootTests
        {
            [Fact]
            public void Opens()
            {
                var root = Path.GetTempPath();
                var file = Path.Combine(root, {|TI1002:"ledger.db"|});
                using var c = new SqliteConnection($"Data Source={file};Cache=Shared");
                c.Open();
            }
        }
        """);

    [Fact]
    public Task Not_flagged_guid_in_the_file_name() => Test("""
        public class PerRunFileTests
        {
            [Fact]
            public void Opens()
            {
                var path = Path.Combine(Path.GetTempPath(), $"elsa-external-identity-{Guid.NewGuid():N}.db");
                using var conn = new SqliteConnection($"Data Source={path};Default Timeout=30");
                conn.Open();
            }
        }
        """);

    [Fact]
    public Task Not_flagged_fixed_file_in_a_per_run_directory() => Test("""
        public class PerRunDirectoryTests
        {
            [Fact]
            public void Opens()
            {
                var root = Path.Combine(Path.GetTempPath(), "truthgate-tests", Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(root);
                var dbPath = Path.Combine(root, "ratelimiter.db");
                using var conn = new SqliteConnection($"Data Source={dbPath};Cache=Shared");
                conn.Open();
            }
        }
        """);

    [Fact]
    public Task Not_flagged_in_memory_databases() => Test("""
        public class InMemorySqliteTests
        {
            [Fact]
            public void Opens()
            {
                using var a = new SqliteConnection($"Filename=file:memdb-{Guid.NewGuid():N}.db;Mode=Memory;Cache=Shared");
                using var b = new SqliteConnection("Data Source=:memory:");
                a.Open();
                b.Open();
            }
        }
        """);

    [Fact]
    public Task Not_flagged_os_generated_temp_file() => Test("""
        public class TempFileTests
        {
            [Fact]
            public void Opens()
            {
                var path = Path.GetTempFileName();
                using var conn = new SqliteConnection($"Data Source={path}");
                conn.Open();
            }
        }
        """);

    [Fact]
    public Task Not_flagged_temp_subdirectory_created_for_the_run() => Test("""
        public class TempSubdirectoryTests
        {
            [Fact]
            public void Opens()
            {
                var dir = Directory.CreateTempSubdirectory("orders-").FullName;
                using var conn = new SqliteConnection("Data Source=" + Path.Combine(dir, "orders.db"));
                conn.Open();
            }
        }
        """);

    [Fact]
    public Task Not_flagged_seed_database_opened_read_only() => Test("""
        public class SeedDataTests
        {
            [Fact]
            public void Reads()
            {
                var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed.db");
                using var a = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
                using var b = new SqliteConnection("Data Source=seed.db;Mode=ReadOnly");
                a.Open();
                b.Open();
            }
        }
        """);

    [Fact]
    public Task Not_flagged_folder_handed_in_by_the_caller() => Test("""
        public class CallerFolderTests
        {
            public static SqliteConnection Open(string folder) => new SqliteConnection("Data Source=" + Path.Combine(folder, "orders.db"));

            [Fact]
            public void Opens()
            {
                using var conn = Open(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")));
                conn.Open();
            }
        }
        """);
}
