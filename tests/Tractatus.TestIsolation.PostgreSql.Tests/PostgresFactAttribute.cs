using Xunit;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

/// <summary>A test that needs the PostgreSQL server named by <c>TRACTATUS_TEST_POSTGRES</c>; skipped with the reason when it is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the server is not configured.</summary>
    public PostgresFactAttribute()
    {
        if (PostgresTestServer.ConnectionString is null)
        {
            Skip = $"{PostgresTestServer.Variable} is not set: no PostgreSQL server to test against. Run `eval \"$(build/services/postgres.sh)\"` (or build/test.sh, which does it) to start one.";
        }
    }
}

/// <summary>
/// A test that needs a role which must authenticate with a password (<c>TRACTATUS_TEST_POSTGRES_PASSWORD_ROLE</c>,
/// set by build/services/postgres.sh, whose cluster requires scram-sha-256 for it and trusts everyone else).
/// </summary>
public sealed class PostgresPasswordFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the server or the role is not configured.</summary>
    public PostgresPasswordFactAttribute()
    {
        if (PostgresTestServer.ConnectionString is null)
        {
            Skip = $"{PostgresTestServer.Variable} is not set: no PostgreSQL server to test against. Run `eval \"$(build/services/postgres.sh)\"` to start one.";
        }
        else if (PostgresTestServer.PasswordRole is null)
        {
            Skip = $"{PostgresTestServer.PasswordRoleVariable} is not set: the server may trust every login, so wrong credentials cannot be shown. "
                + "Name a role that pg_hba.conf makes authenticate with scram-sha-256 (build/services/postgres.sh sets one up).";
        }
    }
}

/// <summary>A theory that needs the PostgreSQL server named by <c>TRACTATUS_TEST_POSTGRES</c>; skipped with the reason when it is not set.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the server is not configured.</summary>
    public PostgresTheoryAttribute()
    {
        if (PostgresTestServer.ConnectionString is null)
        {
            Skip = $"{PostgresTestServer.Variable} is not set: no PostgreSQL server to test against. Run `eval \"$(build/services/postgres.sh)\"` to start one.";
        }
    }
}
