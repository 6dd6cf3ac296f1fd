using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MongoDB.Driver;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.MongoDB.Tests;

public sealed class MongoBadInputTests
{
    private const string Secret = "pw-that-must-not-leak";

    [Fact]
    public void Printing_the_options_never_shows_the_password()
    {
        var options = new MongoProviderOptions { ConnectionString = "mongodb://app:" + Secret + "@db.example:27017" };

        var printed = options.ToString();

        printed.ShouldNotContain(Secret);
        printed.ShouldContain("ConnectTimeout");
        (options with { }).ShouldBe(options);
    }

    [Theory]
    [InlineData("my.db", "'.'")]
    [InlineData("my db", "a space")]
    [InlineData("cost$", "'$'")]
    [InlineData("Orders", "upper-case letter 'O'")]
    [InlineData("", "must not be empty")]
    public async Task An_invalid_prefix_is_refused_before_contacting_the_server(string prefix, string expected)
    {
        await using var provider = new MongoDatabaseProvider(new MongoProviderOptions { ConnectionString = "mongodb://127.0.0.1:9/" });

        var error = await Should.ThrowAsync<ArgumentException>(() => provider.CreateDatabaseAsync(TestSession.Start(), prefix));

        error.ParamName.ShouldBe("prefix");
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public async Task An_over_long_prefix_is_refused_with_the_byte_limit()
    {
        await using var provider = new MongoDatabaseProvider(new MongoProviderOptions { ConnectionString = "mongodb://127.0.0.1:9/" });

        var error = await Should.ThrowAsync<ArgumentException>(() => provider.CreateDatabaseAsync(TestSession.Start(), new string('a', 50)));

        error.Message.ShouldContain("50 bytes");
        error.Message.ShouldContain("63 bytes");
    }

    [Fact]
    public async Task A_closed_port_fails_within_seconds_naming_the_server_and_the_setting_without_the_password()
    {
        var port = FreePort();
        await using var provider = new MongoDatabaseProvider(new MongoProviderOptions
        {
            ConnectionString = $"mongodb://app:{Secret}@127.0.0.1:{port}/?directConnection=true",
        });

        var watch = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<InvalidOperationException>(() => provider.CreateDatabaseAsync(TestSession.Start(), "unreachable"));

        // The message names the bound that ended the wait; the elapsed time only rules out the driver's 30 s default
        // (far from it, so a busy machine cannot fail this).
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        error.Message.ShouldContain($"mongodb://app@127.0.0.1:{port}/");
        error.Message.ShouldContain("did not answer within 3 s");
        error.Message.ShouldContain("MongoProviderOptions.ConnectionString");
        error.Message.ShouldContain("TRACTATUS_MONGODB_URI");
        error.Message.ShouldContain("MongoProviderOptions.ServerSelectionTimeout");
        error.ToString().ShouldNotContain(Secret);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_fails_within_the_selection_timeout()
    {
        // A listener that never accepts: the kernel completes the TCP handshake, then nothing is ever said.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var provider = new MongoDatabaseProvider(new MongoProviderOptions
        {
            ConnectionString = $"mongodb://127.0.0.1:{port}/?directConnection=true",
            ServerSelectionTimeout = TimeSpan.FromSeconds(2),
        });

        var watch = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<InvalidOperationException>(() => provider.SweepExpiredAsync(TestSession.Start()));

        // The message names the bound that ended the wait; the elapsed time only rules out the driver's 30 s default
        // (far from it, so a busy machine cannot fail this).
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        error.Message.ShouldContain($"127.0.0.1:{port}");
        error.Message.ShouldContain("did not answer within 2 s");
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_repeating_it()
    {
        var error = Should.Throw<ArgumentException>(() => new MongoDatabaseProvider(new MongoProviderOptions { ConnectionString = $"mongo://app:{Secret}@host" }));

        error.Message.ShouldContain("MongoProviderOptions.ConnectionString");
        error.ToString().ShouldNotContain(Secret);
    }

    [Fact]
    public async Task Without_a_connection_string_the_variable_is_read_and_its_absence_named()
    {
        var previous = Environment.GetEnvironmentVariable(MongoProviderOptions.ConnectionStringVariable);
        try
        {
            Environment.SetEnvironmentVariable(MongoProviderOptions.ConnectionStringVariable, null);
            var error = Should.Throw<InvalidOperationException>(() => new MongoDatabaseProvider());
            error.Message.ShouldContain("TRACTATUS_MONGODB_URI");
            error.Message.ShouldContain("MongoProviderOptions.ConnectionString");

            Environment.SetEnvironmentVariable(MongoProviderOptions.ConnectionStringVariable, "mongodb://db.example:27018/");
            await using var provider = new MongoDatabaseProvider();
            provider.ServerDisplayName.ShouldBe("mongodb://db.example:27018/");
        }
        finally
        {
            Environment.SetEnvironmentVariable(MongoProviderOptions.ConnectionStringVariable, previous);
        }
    }

    [Theory]
    [InlineData("mongodb://app:{0}@127.0.0.1:9/", "admin")]
    [InlineData("mongodb://app:{0}@127.0.0.1:9/appdb", "appdb")]
    [InlineData("mongodb://app:{0}@127.0.0.1:9/appdb?authSource=users", "users")]
    public async Task A_session_connection_string_keeps_authenticating_where_the_user_is_defined(string template, string authSource)
    {
        await using var provider = new MongoDatabaseProvider(new MongoProviderOptions { ConnectionString = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Secret) });

        var url = MongoUrl.Create(provider.ConnectionStringFor("orders_0m5x2k9qzab3f7k"));

        url.DatabaseName.ShouldBe("orders_0m5x2k9qzab3f7k");
        url.AuthenticationSource.ShouldBe(authSource);
        url.Username.ShouldBe("app");
        provider.ServerDisplayName.ShouldBe("mongodb://app@127.0.0.1:9/");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
