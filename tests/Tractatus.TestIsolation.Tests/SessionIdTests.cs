using System.Text.RegularExpressions;
using Shouldly;
using Tractatus.TestIsolation.Naming;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

public sealed class SessionIdTests
{
    [Fact]
    public void Id_is_15_lower_case_base36_characters()
    {
        var session = TestSession.Start();

        session.Id.Length.ShouldBe(15);
        Regex.IsMatch(session.Id, "^[0-9a-z]{15}$").ShouldBeTrue(session.Id);
        TestSession.IsValidId(session.Id).ShouldBeTrue();
    }

    [Fact]
    public void Id_starts_with_the_start_time_in_milliseconds()
    {
        var session = TestSession.Start();

        var milliseconds = Convert.ToInt64(DecodeBase36(session.Id[..9]));
        milliseconds.ShouldBeGreaterThanOrEqualTo(session.StartedAt.ToUnixTimeMilliseconds());
        milliseconds.ShouldBeLessThan(session.StartedAt.ToUnixTimeMilliseconds() + 60_000); // only bumped past the clock within a busy millisecond
    }

    [Fact]
    public void Ids_are_unique_across_100k_and_sort_in_generation_order()
    {
        var ids = new string[100_000];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = SessionIdGenerator.NewId(DateTimeOffset.UtcNow);
        }

        ids.Distinct(StringComparer.Ordinal).Count().ShouldBe(ids.Length);
        ids.Order(StringComparer.Ordinal).ShouldBe(ids);
    }

    [Fact]
    public void Ids_from_parallel_threads_are_unique()
    {
        var ids = new string[50_000];
        Parallel.For(0, ids.Length, i => ids[i] = SessionIdGenerator.NewId(DateTimeOffset.UtcNow));

        ids.Distinct(StringComparer.Ordinal).Count().ShouldBe(ids.Length);
    }

    [Theory]
    [InlineData(35L, 36L)]
    [InlineData(1_700_000_000_000L, 1_700_000_000_001L)]
    [InlineData(1_295_999L, 1_296_000L)] // 36^4 - 1 → 36^4: a new digit, still sorts after thanks to zero padding
    public void Later_start_times_sort_after_earlier_ones_whatever_the_random_part(long earlier, long later)
    {
        var a = Base36.Encode(earlier, 9) + "zzzzzz";
        var b = Base36.Encode(later, 9) + "000000";

        string.CompareOrdinal(a, b).ShouldBeLessThan(0);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("0m5x2k9qzab3f7", false)]
    [InlineData("0m5x2k9qzab3f7kk", false)]
    [InlineData("0M5X2K9QZAB3F7K", false)]
    [InlineData("0m5x2k9qzab3f7-", false)]
    [InlineData("0m5x2k9qzab3f7k", true)]
    public void IsValidId_accepts_only_the_id_shape(string? value, bool expected) =>
        TestSession.IsValidId(value).ShouldBe(expected);

    private static long DecodeBase36(string text) =>
        text.Aggregate(0L, (value, c) => (value * 36) + Base36.Alphabet.IndexOf(c, StringComparison.Ordinal));
}
