using System.Collections.Concurrent;
using System.Text;
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

    [Theory]
    [InlineData("日本語", "日本語")]
    [InlineData("Straße", "strasse")]
    [InlineData("Ærøskøbing Łódź", "aeroskobing-lodz")]
    [InlineData("हिन्दी पाठ", "हिन्दी-पाठ")]
    [InlineData("한국어 문서", "한국어-문서")]
    [InlineData("ガイド", "ガイド")]
    [InlineData("Ελληνικά", "ελληνικά")] // marks of other scripts stay
    public void Slug_keeps_letters_of_every_script_and_spells_special_Latin_letters_in_ASCII(string @base, string expected)
    {
        _session.Slug(@base).ShouldStartWith(expected + "-" + _session.Id + "-");
    }

    [Theory]
    [InlineData(32)]
    [InlineData(41)]
    [InlineData(64)]
    public void Slug_and_Unique_are_bounded_in_UTF8_bytes_and_never_split_a_character(int maxBytes)
    {
        var session = TestSession.Start(new TestSessionOptions { MaxSlugLength = maxBytes });
        var japanese = string.Concat(Enumerable.Repeat("日本語の文書", 10));
        var rare = string.Concat(Enumerable.Repeat("𠜎𠜱𡃁", 10)); // letters outside the BMP: surrogate pairs
        var accented = string.Concat(Enumerable.Repeat("e\u0301", 40)); // e + combining acute: one character to a reader

        var values = new[] { session.Slug(japanese), session.Slug(rare), session.Unique(japanese), session.Unique(rare), session.Unique(accented) };
        for (var i = 0; i < values.Length; i++)
        {
            Encoding.UTF8.GetByteCount(values[i]).ShouldBeLessThanOrEqualTo(maxBytes, values[i]);
            Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(values[i])).ShouldBe(values[i]); // no lone surrogate
            values[i].ShouldEndWith("-" + session.Id + "-" + (i + 1));
        }

        session.Slug(japanese).ShouldStartWith("日本語");
        var accentedHead = values[4][..values[4].IndexOf("-" + session.Id, StringComparison.Ordinal)];
        (accentedHead.Length % 2).ShouldBe(0, "an accent was cut off its letter"); // whole "e\u0301" pairs only
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
    public void Email_keeps_the_local_part_within_64_octets()
    {
        var email = _session.Email(new string('ü', 60) + "@example.com");

        var local = email.Split('@')[0];
        Encoding.UTF8.GetByteCount(local).ShouldBeLessThanOrEqualTo(64);
        local.ShouldStartWith("üü");
        local.ShouldEndWith("+" + _session.Id + "-" + _session.GeneratedValues.Count);
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
