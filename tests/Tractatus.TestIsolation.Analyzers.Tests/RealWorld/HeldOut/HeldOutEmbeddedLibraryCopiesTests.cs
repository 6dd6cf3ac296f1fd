using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOut;

/// <summary>
/// Real suites reference libraries that carry internal copies of Dapper's types (Hangfire.SqlServer,
/// Hangfire.PostgreSql). The rules still recognise the Dapper the suite itself calls.
/// </summary>
public class HeldOutEmbeddedLibraryCopiesTests
{
    [Fact]
    public Task Flagged_dapper_writes_next_to_a_library_with_an_internal_dapper_copy() => Test("""
        public class CounterFacts
        {
            [Fact]
            public void Aggregates()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG"));
                connection.Execute("INSERT INTO hangfire.counter (key, value) VALUES ({|TI1001:'stats:succeeded'|}, 1)");
                connection.Execute("INSERT INTO hangfire.lock (resource, acquired) VALUES (@resource, now())", new { resource = {|TI1001:"exclusive"|} });
            }

            [Fact]
            public void Cleans()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG"));
                connection.Execute("SELECT 1");
            }
        }
        """, Stubs.EmbeddedDapper);

    [Fact]
    public Task Not_flagged_reads_and_per_run_keys_next_to_a_library_with_an_internal_dapper_copy() => Test("""
        public class ReadFacts
        {
            [Fact]
            public void Reads()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG"));
                connection.Execute("SELECT * FROM hangfire.counter WHERE key = 'stats:succeeded'");
                connection.Execute("INSERT INTO hangfire.counter (key, value) VALUES (@key, 1)", new { key = $"stats:{Guid.NewGuid():N}" });
            }
        }
        """, Stubs.EmbeddedDapper);
}
