using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

public sealed class GeneratedValueTests
{
    private readonly TestSession _session = TestSession.Start();

    [Fact]
    public void Slug_is_base_session_counter_in_lower_case()
    {
        var slug = _session.Slug("Test Document Integration");

        slug.ShouldStartWith("test-document-integration-" + _session.Id + "-");
        Regex.IsMatch(slug, "^[a-z0-9]+(-[a-z0-9]+)*$").ShouldBeTrue(slug);
    }

    [Fact]
    public void Slug_drops_accents_and_collapses_separators()
    {
        _session.Slug("  Café -- Crème!! ").ShouldStartWith("cafe-creme-" + _session.Id);
    }

    [Fact]
    public void Every_call_gives_a_new_value_for_the_same_base()
    {
        var first = _session.Slug("doc");
        var second = _session.Slug("doc");

        second.ShouldNotBe(first);
    }

    [Fact]
    public void Values_are_unique_across_parallel_threads()
    {
        var values = new ConcurrentBag<string>();
        Parallel.For(0, 30_000, i =>
        {
            values.Add(_session.Slug("doc"));
            values.Add(_session.Unique("User"));
            values.Add(_session.Email("user@example.com"));
        });

        values.Count.ShouldBe(90_000);
        values.Distinct(StringComparer.Ordinal).Count().ShouldBe(90_000);
    }

    [Fact]
    public void Two_sessions_never_give_the_same_value_for_the_same_base()
    {
        var other = TestSession.Start();

        _session.Slug("doc").ShouldNotBe(other.Slug("doc"));
        _session.Unique("alice").ShouldNotBe(other.Unique("alice"));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(32)]
    [InlineData(40)]
    public void A_long_base_is_shortened_but_the_unique_part_is_kept(int maxLength)
    {
        var session = TestSession.Start(new TestSessionOptions { MaxSlugLength = maxLength });
        var longBase = string.Concat(Enumerable.Repeat("very-long-title ", 20));

        var slug = session.Slug(longBase);
        var unique = session.Unique(longBase);

        slug.Length.ShouldBeLessThanOrEqualTo(maxLength);
        unique.Length.ShouldBeLessThanOrEqualTo(maxLength);
        slug.ShouldEndWith("-" + session.Id + "-1");
        unique.ShouldEndWith("-" + session.Id + "-2");
        slug.ShouldStartWith("very-long");
        slug.ShouldNotContain("--");
    }

    [Fact]
    public void Bound_holds_when_the_counter_grows()
    {
        var session = TestSession.Start(new TestSessionOptions { MaxSlugLength = 32 });
        string last = string.Empty;
        for (var i = 0; i < 20_000; i++)
        {
            last = session.Slug("some-base-that-is-long");
            last.Length.ShouldBeLessThanOrEqualTo(32);
        }

        last.ShouldEndWith(session.Id + "-20000");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Null_or_empty_base_is_rejected(string? @base)
    {
        Should.Throw<ArgumentException>(() => _session.Slug(@base!)).ParamName.ShouldBe("base");
        Should.Throw<ArgumentException>(() => _session.Unique(@base!)).ParamName.ShouldBe("base");
    }

    [Fact]
    public void A_slug_base_without_letters_or_digits_is_rejected_with_a_reason()
    {
        var ex = Should.Throw<ArgumentException>(() => _session.Slug("!!! ---"));

        ex.Message.ShouldContain("no letters or digits");
    }

    [Fact]
    public void Unique_keeps_case_and_characters()
    {
        _session.Unique("Alice_Admin.Ops").ShouldStartWith("Alice_Admin.Ops-" + _session.Id + "-");
    }

    [Fact]
    public void Email_uses_plus_addressing_on_the_same_domain()
    {
        var email = _session.Email("a@example.com");

        Regex.IsMatch(email, "^a\\+" + _session.Id + "-[0-9]+@example\\.com$").ShouldBeTrue(email);
    }

    [Fact]
    public void Email_keeps_the_local_part_within_64_characters()
    {
        var email = _session.Email(new string('x', 80) + "@example.com");

        email.Split('@')[0].Length.ShouldBeLessThanOrEqualTo(64);
        email.ShouldEndWith("@example.com");
        email.ShouldContain("+" + _session.Id + "-");
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("two@at@signs.com")]
    [InlineData("@example.com")]
    [InlineData("user@")]
    [InlineData("")]
    public void Email_rejects_addresses_without_exactly_one_at(string address)
    {
        var ex = Should.Throw<ArgumentException>(() => _session.Email(address));

        ex.ParamName.ShouldBe("address");
    }

    [Fact]
    public void Every_generated_value_is_recorded_with_its_base_and_announced()
    {
        var announced = new List<GeneratedValue>();
        _session.ValueGenerated += (_, value) => announced.Add(value);

        var slug = _session.Slug("Order 1");
        var email = _session.Email("b@example.com");
        var database = _session.DatabaseName("shop", DatabaseNameRules.PostgreSql);

        _session.GeneratedValues.Select(v => (v.Kind, v.Base, v.Value)).ShouldBe(
        [
            ("slug", "Order 1", slug),
            ("email", "b@example.com", email),
            ("database", "shop", database),
        ]);
        announced.ShouldBe(_session.GeneratedValues);
    }
}
