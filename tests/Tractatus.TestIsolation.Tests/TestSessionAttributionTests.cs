using Shouldly;
using Tractatus.TestIsolation.Naming;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

[CollectionDefinition(AmbientSessionCollection.Name, DisableParallelization = true)]
public sealed class AmbientSessionCollection
{
    public const string Name = "ambient session";
}

[Collection(AmbientSessionCollection.Name)]
public sealed class TestSessionAttributionTests
{
    [Fact]
    public void Start_records_host_process_user_and_time()
    {
        var before = DateTimeOffset.UtcNow;
        var session = TestSession.Start();

        session.Host.ShouldBe(Environment.MachineName);
        session.ProcessId.ShouldBe(Environment.ProcessId);
        session.User.ShouldNotBeNullOrWhiteSpace();
        session.StartedAt.ShouldBeGreaterThanOrEqualTo(before);
        session.Options.MaxSlugLength.ShouldBe(64);
        session.ToString().ShouldContain(session.Id);
    }

    [Fact]
    public void Current_is_created_once_and_replaced_by_SetCurrent()
    {
        var previous = TestSession.Current;
        try
        {
            var seen = new TestSession[16];
            Parallel.For(0, seen.Length, i => seen[i] = TestSession.Current);
            seen.ShouldAllBe(s => ReferenceEquals(s, previous));

            var replacement = TestSession.Start();
            TestSession.SetCurrent(replacement);
            TestSession.Current.ShouldBeSameAs(replacement);
        }
        finally
        {
            TestSession.SetCurrent(previous);
        }
    }

    [Fact]
    public void SetCurrent_rejects_null() =>
        Should.Throw<ArgumentNullException>(() => TestSession.SetCurrent(null!));

    [Theory]
    [InlineData("GITHUB_RUN_ID=123;GITHUB_RUN_ATTEMPT=2", "github:123-2")]
    [InlineData("GITHUB_RUN_ID=123", "github:123")]
    [InlineData("CI_JOB_ID=4242", "gitlab:4242")]
    [InlineData("BUILD_BUILDID=77", "azure:77")]
    [InlineData("BUILD_NUMBER=15", "jenkins:15")]
    [InlineData("", null)]
    public void CiJobId_comes_from_the_CI_systems_variables(string variables, string? expected)
    {
        var env = variables.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(pair => pair[0], pair => pair[1]);

        CiJob.Detect(name => env.GetValueOrDefault(name)).ShouldBe(expected);
    }

    [Fact]
    public void Options_are_read_from_TRACTATUS_variables()
    {
        var env = new Dictionary<string, string>
        {
            ["TRACTATUS_MAX_SLUG_LENGTH"] = "40",
            ["TRACTATUS_LEASE_TTL_SECONDS"] = "90",
            ["TRACTATUS_DATABASE_PREFIX"] = "orders",
        };

        var options = TestSessionOptions.FromEnvironment(name => env.GetValueOrDefault(name));

        options.MaxSlugLength.ShouldBe(40);
        options.Lease.TimeToLive.ShouldBe(TimeSpan.FromSeconds(90));
        options.DatabasePrefix.ShouldBe("orders");
    }

    [Theory]
    [InlineData("TRACTATUS_MAX_SLUG_LENGTH", "abc")]
    [InlineData("TRACTATUS_MAX_SLUG_LENGTH", "10")]
    [InlineData("TRACTATUS_LEASE_TTL_SECONDS", "-5")]
    public void Invalid_environment_values_name_the_variable(string variable, string value)
    {
        var ex = Should.Throw<InvalidOperationException>(() => TestSessionOptions.FromEnvironment(name => name == variable ? value : null));

        ex.Message.ShouldContain(variable);
        ex.Message.ShouldContain(value);
    }

    [Fact]
    public void MaxSlugLength_below_the_unique_part_is_rejected() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new TestSessionOptions { MaxSlugLength = 20 });
}
