using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

public sealed class SharedStateFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    // A fake clock: waits for a half-written file to settle, and lock timeouts, pass without wall-clock time.
    private readonly SharedStateFileOptions _fast = new() { TimeProvider = new SteppingTimeProvider() };

    public void Dispose() => _folder.Dispose();

    public sealed record Counters(int Runs, string? LastBy);

    public sealed record Limits(int Max = 5);

    public abstract class Shape;

    [Fact]
    public void Update_of_a_missing_file_with_a_positional_record_starts_from_its_defaults()
    {
        var path = _folder.File("counters.json");

        SharedStateFile.Update<Counters>(path, c => c with { Runs = c.Runs + 1 }).ShouldBe(new Counters(1, null));
        SharedStateFile.Update<Counters>(path, c => c with { Runs = c.Runs + 1, LastBy = "me" }).ShouldBe(new Counters(2, "me"));
        SharedStateFile.Update<Limits>(_folder.File("limits.json"), l => l).Max.ShouldBe(5);
        SharedStateFile.Update<int>(_folder.File("count.json"), n => n + 1).ShouldBe(1);
        SharedStateFile.Update<Dictionary<string, int>>(_folder.File("map.json"), m => { m["a"] = 1; return m; })["a"].ShouldBe(1);
    }

    [Fact]
    public async Task A_type_with_no_empty_value_asks_for_a_seed_and_writes_nothing()
    {
        var path = _folder.File("shape.json");

        var ex = Should.Throw<InvalidOperationException>(() => SharedStateFile.Update<Shape>(path, s => s));
        await Should.ThrowAsync<InvalidOperationException>(() => SharedStateFile.UpdateAsync<Shape>(path, s => s));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("SharedStateFile.Update(path, () => new Shape(...), transform)");
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public void Update_of_a_missing_file_starts_from_a_new_instance_and_writes_json()
    {
        var path = _folder.File("history.json");

        var written = SharedStateFile.Update<List<string>>(path, list => [.. list, "first"]);

        written.ShouldBe(["first"]);
        JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path)).ShouldBe(["first"]);
        SharedStateFile.Read<List<string>>(path).ShouldBe(["first"]);
    }

    [Fact]
    public void Seed_overload_and_arrays()
    {
        var counters = _folder.File("counters.json");
        var array = _folder.File("array.json");

        SharedStateFile.Update(counters, () => new Dictionary<string, int> { ["runs"] = 10 }, c => { c["runs"]++; return c; });
        SharedStateFile.Update<int[]>(array, a => [.. a, 1]);
        SharedStateFile.Update<int[]>(array, a => [.. a, 2]);

        SharedStateFile.Read<Dictionary<string, int>>(counters)!["runs"].ShouldBe(11);
        SharedStateFile.Read<int[]>(array).ShouldBe([1, 2]);
    }

    [Fact]
    public void Empty_file_counts_as_missing()
    {
        var path = _folder.File("empty.json");
        File.WriteAllText(path, "  \n");

        SharedStateFile.Update<List<int>>(path, l => [.. l, 1], _fast).ShouldBe([1]);
    }

    [Fact]
    public void UpdateText_appends_and_ReadText_returns_null_for_a_missing_file()
    {
        var path = _folder.File("log.txt");

        SharedStateFile.ReadText(path).ShouldBeNull();
        SharedStateFile.UpdateText(path, text => text + "a\n");
        SharedStateFile.UpdateText(path, text => text + "b\n").ShouldBe("a\nb\n");

        SharedStateFile.ReadText(path).ShouldBe("a\nb\n");
    }

    [Fact]
    public async Task Async_forms_update_and_honour_cancellation()
    {
        var path = _folder.File("async.json");

        await SharedStateFile.UpdateAsync<List<int>>(path, l => [.. l, 1]);
        (await SharedStateFile.UpdateTextAsync(_folder.File("async.txt"), t => t + "x")).ShouldBe("x");

        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => SharedStateFile.UpdateAsync<List<int>>(path, l => [.. l, 2], cancellationToken: canceled.Token));
        SharedStateFile.Read<List<int>>(path).ShouldBe([1]);
    }

    [Fact]
    public void Corrupt_file_is_moved_aside_never_overwritten()
    {
        var path = _folder.File("state.json");
        const string corrupt = "{\"entries\": [1, 2,";
        File.WriteAllText(path, corrupt);

        var ex = Should.Throw<SharedStateFileCorruptException>(() => SharedStateFile.Update<Dictionary<string, int[]>>(path, s => s, _fast));

        ex.FilePath.ShouldBe(path);
        ex.CorruptCopyPath.ShouldNotBeNull();
        Regex.IsMatch(Path.GetFileName(ex.CorruptCopyPath), @"^state\.json\.corrupt-\d{14}$").ShouldBeTrue(ex.CorruptCopyPath);
        File.ReadAllText(ex.CorruptCopyPath).ShouldBe(corrupt);
        File.Exists(path).ShouldBeFalse();
        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain(ex.CorruptCopyPath);

        // The next update starts from the seed; the corrupt copy stays.
        SharedStateFile.Update<Dictionary<string, int[]>>(path, s => { s["entries"] = [3]; return s; });
        File.ReadAllText(ex.CorruptCopyPath).ShouldBe(corrupt);
    }

    [Fact]
    public void A_second_corrupt_copy_in_the_same_second_gets_its_own_name()
    {
        var path = _folder.File("state.json");
        File.WriteAllText(path, "not json 1");
        var first = Should.Throw<SharedStateFileCorruptException>(() => SharedStateFile.Update<List<int>>(path, l => l, _fast));
        File.WriteAllText(path, "not json 2");
        var second = Should.Throw<SharedStateFileCorruptException>(() => SharedStateFile.Update<List<int>>(path, l => l, _fast));

        second.CorruptCopyPath.ShouldNotBe(first.CorruptCopyPath);
        File.ReadAllText(first.CorruptCopyPath!).ShouldBe("not json 1");
        File.ReadAllText(second.CorruptCopyPath!).ShouldBe("not json 2");
    }

    [Fact]
    public void Read_of_a_corrupt_file_throws_and_leaves_it_in_place()
    {
        var path = _folder.File("state.json");
        File.WriteAllText(path, "{oops");

        var ex = Should.Throw<SharedStateFileCorruptException>(() => SharedStateFile.Read<List<int>>(path, _fast));

        ex.CorruptCopyPath.ShouldBeNull();
        File.ReadAllText(path).ShouldBe("{oops");
    }

    [Fact]
    public void Valid_json_of_another_shape_is_an_error_and_the_file_is_untouched()
    {
        var path = _folder.File("state.json");
        File.WriteAllText(path, "{\"a\": 1}");

        var ex = Should.Throw<InvalidDataException>(() => SharedStateFile.Update<List<int>>(path, l => l));

        ex.Message.ShouldContain(path);
        File.ReadAllText(path).ShouldBe("{\"a\": 1}");
        Directory.GetFiles(_folder.Path, "*.corrupt-*").ShouldBeEmpty();
    }

    [Fact]
    public void Transform_exception_leaves_the_file_unchanged_and_releases_the_lock()
    {
        var path = _folder.File("state.json");
        SharedStateFile.Update<List<int>>(path, l => [.. l, 1]);

        Should.Throw<InvalidOperationException>(() => SharedStateFile.Update<List<int>>(path, _ => throw new InvalidOperationException("boom")));

        SharedStateFile.Update<List<int>>(path, l => [.. l, 2], new SharedStateFileOptions { Timeout = TimeSpan.FromSeconds(5) }).ShouldBe([1, 2]);
    }

    [Fact]
    public void Timeout_names_the_file_and_the_holder_in_this_process()
    {
        var path = _folder.File("busy.json");
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => SharedStateFile.Update<List<int>>(path, l =>
        {
            holding.Set();
            release.Wait();
            return l;
        }));
        holding.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue();

        var ex = Should.Throw<SharedStateFileLockTimeoutException>(() =>
            SharedStateFile.Update<List<int>>(path, l => l, _fast));
        release.Set();
        holder.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue();

        ex.ShouldBeAssignableTo<TimeoutException>();
        ex.FilePath.ShouldBe(path);
        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("pid " + Environment.ProcessId);
    }

    [Fact]
    public void Updating_the_same_file_from_inside_its_transform_fails_instead_of_deadlocking()
    {
        var path = _folder.File("nested.json");

        var ex = Should.Throw<InvalidOperationException>(() =>
            SharedStateFile.Update<List<int>>(path, l => SharedStateFile.Update<List<int>>(path, inner => inner)));

        ex.Message.ShouldContain("inside the transform");
        SharedStateFile.Update<List<int>>(path, l => [.. l, 1]).ShouldBe([1]);
    }

    [Fact]
    public async Task Parallel_threads_lose_no_update()
    {
        var path = _folder.File("threads.json");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var entry = t * 1000 + i;
                if (i % 2 == 0)
                {
                    SharedStateFile.Update<List<int>>(path, l => [.. l, entry]);
                }
                else
                {
                    await SharedStateFile.UpdateAsync<List<int>>(path, l => [.. l, entry]);
                }
            }
        })));

        var all = SharedStateFile.Read<List<int>>(path)!;
        all.Count.ShouldBe(400);
        all.Distinct().Count().ShouldBe(400);
    }

    [Fact]
    public void Lock_file_stays_and_names_the_last_holder_and_no_temp_file_is_left()
    {
        var path = _folder.File("state.json");
        SharedStateFile.Update<List<int>>(path, l => [.. l, 1], new SharedStateFileOptions { HolderSessionId = "0m5x2k9qzab3f7k" });

        var lockText = LockFileText.Read(path + ".lock");
        lockText.ShouldContain("pid " + Environment.ProcessId);
        lockText.ShouldContain("session 0m5x2k9qzab3f7k");
        Directory.GetFiles(_folder.Path, "state.json.tmp-*").ShouldBeEmpty();
    }

    [Fact]
    public void Stale_temp_files_of_crashed_writers_are_deleted_fresh_ones_kept()
    {
        var path = _folder.File("state.json");
        var stale = path + ".tmp-99999-deadbeef";
        var fresh = path + ".tmp-99998-cafebabe";
        File.WriteAllText(stale, "half");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddMinutes(-30));
        File.WriteAllText(fresh, "in flight");
        var usersOwn = path + ".tmp-backup";
        File.WriteAllText(usersOwn, "a user's file");
        File.SetLastWriteTimeUtc(usersOwn, DateTime.UtcNow.AddMinutes(-30));

        SharedStateFile.Update<List<int>>(path, l => [.. l, 1]);

        File.Exists(stale).ShouldBeFalse();
        File.Exists(fresh).ShouldBeTrue();
        File.Exists(usersOwn).ShouldBeTrue();
    }

    [Fact]
    public void Entry_of_a_dead_waiter_does_not_block_the_queue()
    {
        var path = _folder.File("state.json");
        var queue = Directory.CreateDirectory(path + ".lock.queue");
        var dead = Path.Combine(queue.FullName, "0000000000000000001-0000099999-deadbeef.waiter");
        File.WriteAllText(dead, "pid 99999 (killed while waiting)");

        SharedStateFile.Update<List<int>>(path, l => [.. l, 1], new SharedStateFileOptions { Timeout = TimeSpan.FromSeconds(5) });

        File.Exists(dead).ShouldBeFalse();
        Directory.GetFiles(queue.FullName).ShouldBeEmpty();
    }

    [UnixFact]
    public void File_permissions_are_kept_on_replace()
    {
        var path = _folder.File("private.json");
        File.WriteAllText(path, "[]");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        SharedStateFile.Update<List<int>>(path, l => [.. l, 1]);

        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Byte_order_mark_is_accepted_and_not_written()
    {
        var path = _folder.File("bom.json");
        File.WriteAllText(path, "[1]", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        SharedStateFile.Update<List<int>>(path, l => [.. l, 2]);

        File.ReadAllBytes(path)[0].ShouldBe((byte)'[');
        SharedStateFile.Read<List<int>>(path).ShouldBe([1, 2]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Path_must_be_given(string? path) =>
        Should.Throw<ArgumentException>(() => SharedStateFile.Update<List<int>>(path!, l => l));
}
