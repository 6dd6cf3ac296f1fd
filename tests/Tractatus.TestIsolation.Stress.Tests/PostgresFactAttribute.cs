using Xunit;

namespace Tractatus.TestIsolation.Stress.Tests;

/// <summary>A stress test against the PostgreSQL server named by <c>TRACTATUS_TEST_POSTGRES</c>; skipped with the reason when it is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "TRACTATUS_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set: the stress tests need a real PostgreSQL server. Run `eval \"$(build/services/postgres.sh)\"` (or build/test.sh, which does it) to start one.";
        }
    }
}
