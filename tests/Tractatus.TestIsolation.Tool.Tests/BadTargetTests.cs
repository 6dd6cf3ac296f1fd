using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>A target that cannot be used: exit 2 within seconds, the setting named, the password never shown, the command never started.</summary>
public sealed class BadTargetTests
{
    // Generous: "in seconds" means the provider's 3-second connect timeout, not a driver's 15-30 s default times retries;
    // the bound only catches a hang, it does not measure speed on a busy machine.
    private static readonly TimeSpan NotAHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_unparseable_connection_string_exits_2_naming_the_option_without_the_password()
    {
        const string Secret = "Unparseable-S3cret";
        var (exit, run) = await InstalledTool.RunAsync(null, "list", "--postgres", $"Host=127.0.0.1;Password={Secret};NoSuchKeyword=1");

        exit.ShouldBe(2, run.AllOutput);
        run.StandardError.ShouldContain("--postgres is not a valid Npgsql connection string");
        run.AllOutput.ShouldNotContain(Secret);
    }

    [Fact]
    public async Task A_bad_variable_is_named_as_the_source()
    {
        const string Secret = "From-Env-S3cret";
        var (exit, run) = await InstalledTool.RunAsync(
            new Dictionary<string, string?> { ["TRACTATUS_MONGODB_URI"] = $"mongodb://ci:{Secret}@127.0.0.1:27017/?bogusOption=x&&&" },
            "sweep", "--dry-run");

        exit.ShouldBe(2, run.AllOutput);
        run.StandardError.ShouldContain("TRACTATUS_MONGODB_URI");
        run.AllOutput.ShouldNotContain(Secret);
    }

    [PostgresPasswordFact]
    public async Task A_wrong_password_exits_2_in_seconds_with_the_password_redacted_and_the_command_not_started()
    {
        const string Secret = "Wrong-Passw0rd-For-Tool-Test";
        var connectionString = new NpgsqlConnectionStringBuilder(TestServers.RequiredPostgres) { Username = TestServers.PasswordRole, Password = Secret }.ConnectionString;
        using var folder = new TempFolder();
        var started = folder.File("started");

        var watch = Stopwatch.StartNew();
        var (exit, run) = await InstalledTool.RunAsync(null, "run", "--postgres", connectionString, "--sqlite", folder.Path, "--", "touch", started);
        watch.Stop();

        exit.ShouldBe(2, run.AllOutput);
        watch.Elapsed.ShouldBeLessThan(NotAHang, run.AllOutput);
        run.StandardError.ShouldContain("--postgres");
        run.AllOutput.ShouldNotContain(Secret);
        File.Exists(started).ShouldBeFalse("the command must not start when a target cannot be reached");
    }

    [Fact]
    public async Task An_unreachable_server_exits_2_for_list_and_sweep_with_passwords_redacted()
    {
        const string Secret = "Unreachable-S3cret";
        var port = TestServers.ClosedPort().ToString(CultureInfo.InvariantCulture);
        foreach (var arguments in new[]
        {
            new[] { "list", "--postgres", $"Host=127.0.0.1;Port={port};Username=ci;Password={Secret};Database=postgres" },
            new[] { "sweep", "--mongodb", $"mongodb://ci:{Secret}@127.0.0.1:{port}/?serverSelectionTimeoutMS=2000" },
        })
        {
            var watch = Stopwatch.StartNew();
            var (exit, run) = await InstalledTool.RunAsync(null, arguments);
            watch.Stop();

            exit.ShouldBe(2, run.AllOutput);
            watch.Elapsed.ShouldBeLessThan(NotAHang, run.AllOutput);
            run.StandardError.ShouldContain("127.0.0.1");
            run.AllOutput.ShouldNotContain(Secret);
        }
    }
}
