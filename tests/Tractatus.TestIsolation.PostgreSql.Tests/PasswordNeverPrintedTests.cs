using System.Collections;
using System.Reflection;
using Npgsql;
using Shouldly;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

/// <summary>
/// A whole session against a server that needs a password: create, heartbeat, list, sweep, drop, a lost lease and a
/// held lock. Every public ToString of everything it returns (walked through public properties), every exception
/// message and every report line is searched for the password.
/// </summary>
public sealed class PasswordNeverPrintedTests
{
    [PostgresPasswordFact]
    public async Task No_ToString_exception_message_or_report_line_of_a_session_contains_the_password()
    {
        var role = PostgresTestServer.PasswordRole!;
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await PostgresTestServer.ExecuteAsync($"ALTER ROLE {role} WITH LOGIN CREATEDB PASSWORD '{password}'");
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresTestServer.RequiredConnectionString) { Username = role, Password = password }.ConnectionString;
        var seen = new List<object?>();

        var options = new PostgreSqlProviderOptions { ConnectionString = connectionString };
        await using var provider = new PostgreSqlDatabaseProvider(options);
        var session = TestSession.Start();
        var database = await provider.CreateDatabaseAsync(session, "secret");
        var lost = await provider.CreateDatabaseAsync(session, "secret");
        await provider.HeartbeatAsync(session);
        seen.AddRange([options, provider, session, database, lost, provider.ServerDisplayName, provider.LeaseStore.Location]);
        seen.Add(await LeaseSweeper.ListAsync(provider.LeaseStore));
        seen.Add(await LeaseSweeper.SweepAsync(provider.LeaseStore, new SweepOptions { DryRun = true }));
        seen.Add(await provider.SweepExpiredAsync(TestSession.Start()));

        // A lost lease and a lock held elsewhere: their exceptions are what a user sees in a failed run.
        await PostgresTestServer.DropIfExistsAsync(lost.Name);
        seen.Add(await Should.ThrowAsync<LeaseLostException>(() => provider.HeartbeatAsync(session)));
        await using (var holder = await PostgresTestServer.OpenUnpooledAsync())
        {
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", holder);
            take.Parameters.AddWithValue("key", PostgreSqlLeases.LockKey(database.Name));
            await take.ExecuteScalarAsync();
            var previous = PostgreSqlLeases.NameLockTimeout;
            PostgreSqlLeases.NameLockTimeout = TimeSpan.FromMilliseconds(300);
            try
            {
                seen.Add(await Should.ThrowAsync<TimeoutException>(() => provider.DropDatabaseAsync(session, database.Name)));
            }
            finally
            {
                PostgreSqlLeases.NameLockTimeout = previous;
            }
        }

        (await provider.DropDatabaseAsync(session, database.Name)).ShouldBeTrue();
        var wrong = new NpgsqlConnectionStringBuilder(connectionString) { Password = password + "-wrong" }.ConnectionString;
        await using (var rejected = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions { ConnectionString = wrong }))
        {
            seen.Add(await Should.ThrowAsync<InvalidOperationException>(() => rejected.CreateDatabaseAsync(TestSession.Start(), "rejected")));
            seen.Add(await Should.ThrowAsync<InvalidOperationException>(() => LeaseSweeper.SweepAsync(rejected.LeaseStore)));
        }

        var printed = Printed(seen);
        printed.Count.ShouldBeGreaterThan(20);
        foreach (var text in printed)
        {
            text.ShouldNotContain(password, customMessage: "the password leaked into printed text");
        }

        database.ConnectionString.ShouldContain(password); // the connection string itself works, it is just never printed
    }

    /// <summary>ToString of each object and, two levels down, of every public property and collection item; exceptions with inner ones.</summary>
    private static List<string> Printed(IEnumerable<object?> roots)
    {
        var texts = new List<string>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        void Walk(object? value, int depth)
        {
            if (value is null || (!value.GetType().IsValueType && !visited.Add(value)))
            {
                return;
            }

            texts.Add(value.ToString() ?? string.Empty);
            if (value is Exception exception)
            {
                texts.Add(exception.ToString());
                return;
            }

            if (depth == 0 || value is string || value.GetType().IsPrimitive)
            {
                return;
            }

            if (value is IEnumerable items)
            {
                foreach (var item in items)
                {
                    Walk(item, depth - 1);
                }
            }

            foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || property.Name == nameof(IsolatedDatabase.ConnectionString))
                {
                    continue; // the connection string is the one value that must hold the password
                }

                object? child;
                try
                {
                    child = property.GetValue(value);
                }
                catch (TargetInvocationException)
                {
                    continue;
                }

                Walk(child, depth - 1);
            }
        }

        foreach (var root in roots)
        {
            Walk(root, 3);
        }

        return texts;
    }
}
