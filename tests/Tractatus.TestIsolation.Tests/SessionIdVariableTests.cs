using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

/// <summary>TRACTATUS_SESSION_ID: every process of one run takes the id a wrapper set, and a malformed one is refused.</summary>
public sealed class SessionIdVariableTests
{
    [Fact]
    public void Sessions_started_with_the_variable_share_its_id_and_keep_their_own_attribution()
    {
        var shared = TestSession.Start().Id;
        var options = TestSessionOptions.FromEnvironment(name => name == TestSessionOptions.SessionIdVariable ? " " + shared + " " : null);

        var first = TestSession.Start(options);
        var second = TestSession.Start(options);

        (first.Id, second.Id).ShouldBe((shared, shared));
        first.DatabaseName("orders").ShouldBe("orders_" + shared);
        first.ProcessId.ShouldBe(Environment.ProcessId);
        first.Host.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Without_the_variable_each_session_gets_a_new_id()
    {
        var options = TestSessionOptions.FromEnvironment(_ => null);

        options.SessionId.ShouldBeNull();
        TestSession.Start(options).Id.ShouldNotBe(TestSession.Start(options).Id);
    }

    [Theory]
    [InlineData("run-42")]
    [InlineData("0M5X2K9QZAB3F7K")]
    [InlineData("0m5x2k9qzab3f7")]
    [InlineData("0m5x2k9qzab3f7k0")]
    public void A_malformed_variable_fails_with_a_message_naming_it_and_the_expected_shape(string value)
    {
        var error = Should.Throw<InvalidOperationException>(() => TestSessionOptions.FromEnvironment(name => name == TestSessionOptions.SessionIdVariable ? value : null));

        error.Message.ShouldContain("TRACTATUS_SESSION_ID='" + value + "'");
        error.Message.ShouldContain("15 characters 0-9 and a-z");
    }

    [Fact]
    public void A_malformed_id_in_code_is_refused_too() =>
        Should.Throw<ArgumentException>(() => new TestSessionOptions { SessionId = "not an id" }).ParamName.ShouldBe("SessionId");
}
