using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

public sealed class PostgreSqlBadInputTests
{
    private const string Secret = "pw-that-must-not-leak";

    [Fact]
    public void Printing_the_options_never_shows_the_password()
    {
        var options = new PostgreSqlProviderOptions { ConnectionString = "Host=db.example;Username=app;Password=" + Secret };

        var printed = options.ToString();

        printed.ShouldNotContain(Secret);
        printed.ShouldContain("ConnectTimeout");
        (options with { }).ShouldBe(options);
    }

    [Theory]
    [InlineData("Orders", "upper-case letter 'O'")]
    [InlineData("my-db", "'-'")]
    [InlineData("9lives", "starts with")]
    [InlineData("", "must not be empty")]
    public async Task An_invalid_prefix_is_refused_before_contacting_the_server(string prefix, string expected)
    {
        // Port 9 on loopback: nothing listens, so any attempt to connect would fail differently.
        await using var provider = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions { ConnectionString = "Host=127.0.0.1;Port=9;Username=postgres" });

        var error = await Should.ThrowAsync<ArgumentException>(() => provider.CreateDatabaseAsync(TestSession.Start(), prefix));

        error.ParamName.ShouldBe("prefix");
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public async Task An_over_long_prefix_is_refused_with_the_byte_limit()
    {
        await using var provider = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions { ConnectionString = "Host=127.0.0.1;Port=9;Username=postgres" });

        var error = await Should.ThrowAsync<ArgumentException>(() => provider.CreateDatabaseAsync(TestSession.Start(), new string('a', 50)));

        error.Message.ShouldContain("50 bytes");
        error.Message.ShouldContain("63 bytes");
    }

    [Fact]
    public async Task A_closed_port_fails_fast_naming_the_server_and_the_setting_without_the_password()
    {
        var port = FreePort();
        await using var provider = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=app;Password={Secret};Database=postgres",
        });

        var watch = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<InvalidOperationException>(() => provider.CreateDatabaseAsync(TestSession.Start(), "unreachable"));

        // The message names the bound that ended the wait; the elapsed time only rules out the driver's 30 s default
        // (far from it, so a busy machine cannot fail this).
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        error.Message.ShouldContain($"postgresql://app@127.0.0.1:{port}/postgres");
        error.Message.ShouldContain("PostgreSqlProviderOptions.ConnectionString");
        error.Message.ShouldContain("TRACTATUS_POSTGRES_CONNECTION_STRING");
        error.ToString().ShouldNotContain(Secret);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_fails_within_the_connect_timeout()
    {
        // A listener that never accepts: the kernel completes the TCP handshake, then nothing is ever said.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var provider = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=app;Password={Secret}",
            ConnectTimeout = TimeSpan.FromSeconds(2),
        });

        var watch = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<InvalidOperationException>(() => provider.CreateDatabaseAsync(TestSession.Start(), "silent"));

        // The message names the bound that ended the wait; the elapsed time only rules out the driver's 30 s default
        // (far from it, so a busy machine cannot fail this).
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        error.Message.ShouldContain($"127.0.0.1:{port}");
        error.Message.ShouldContain("did not answer within 2 s");
        error.Message.ShouldContain("PostgreSqlProviderOptions.ConnectTimeout");
        error.ToString().ShouldNotContain(Secret);
    }

    [PostgresPasswordFact]
    public async Task Wrong_credentials_fail_naming_the_user_and_the_setting_without_the_password()
    {
        var role = PostgresTestServer.PasswordRole!;
        var password = "right-" + Guid.NewGuid().ToString("N");
        await PostgresTestServer.ExecuteAsync($"ALTER ROLE {role} WITH LOGIN CREATEDB PASSWORD '{password}'");

        var wrong = new NpgsqlConnectionStringBuilder(PostgresTestServer.RequiredConnectionString) { Username = role, Password = Secret }.ConnectionString;
        await using var rejected = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions { ConnectionString = wrong });
        var error = await Should.ThrowAsync<InvalidOperationException>(() => rejected.CreateDatabaseAsync(TestSession.Start(), "wrongpw"));

        error.Message.ShouldContain($"rejected the credentials of user '{role}'");
        error.Message.ShouldContain("Username/Password");
        error.Message.ShouldContain("PostgreSqlProviderOptions.ConnectionString");
        error.ToString().ShouldNotContain(Secret);
        error.ToString().ShouldNotContain(password);

        // The same role with the right password works end to end: the failure above was the password.
        var right = new NpgsqlConnectionStringBuilder(PostgresTestServer.RequiredConnectionString) { Username = role, Password = password }.ConnectionString;
        await using var accepted = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions { ConnectionString = right });
        var session = TestSession.Start();
        var database = await accepted.CreateDatabaseAsync(session, "rightpw");
        database.DisplayName.ShouldNotContain(password);
        (await accepted.DropDatabaseAsync(session, database.Name)).ShouldBeTrue();
    }

    [Fact]
    public void An_empty_connection_string_is_refused_naming_the_setting()
    {
        var error = Should.Throw<ArgumentException>(() => new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions { ConnectionString = " " }));
        error.Message.ShouldContain("PostgreSqlProviderOptions.ConnectionString");
    }

    [Fact]
    public void FromEnvironment_reads_the_connection_string_variable()
    {
        var previous = Environment.GetEnvironmentVariable(PostgreSqlProviderOptions.ConnectionStringVariable);
        try
        {
            Environment.SetEnvironmentVariable(PostgreSqlProviderOptions.ConnectionStringVariable, null);
            Should.Throw<InvalidOperationException>(PostgreSqlProviderOptions.FromEnvironment).Message.ShouldContain("TRACTATUS_POSTGRES_CONNECTION_STRING");

            Environment.SetEnvironmentVariable(PostgreSqlProviderOptions.ConnectionStringVariable, "Host=db.example;Username=ci");
            PostgreSqlProviderOptions.FromEnvironment().ConnectionString.ShouldBe("Host=db.example;Username=ci");
        }
        finally
        {
            Environment.SetEnvironmentVariable(PostgreSqlProviderOptions.ConnectionStringVariable, previous);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
