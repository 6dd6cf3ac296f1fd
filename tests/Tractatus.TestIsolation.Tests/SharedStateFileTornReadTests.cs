using System.Text;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

/// <summary>
/// A writer that ignores the lock and rewrites the file in place (truncate, then write) can be caught halfway. Such a
/// moment must be read again, not taken for corruption (moving the live file aside) or for a missing file (starting empty).
/// </summary>
public sealed class SharedStateFileTornReadTests : IDisposable
{
    private const string Complete = "[\"a\",\"b\",\"c\"]";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(7)] // ["a","b" — not valid JSON yet
    [InlineData(0)] // truncated, nothing written yet — looks empty
    public async Task A_half_written_file_is_read_again_once_the_writer_finishes(int writtenFirst)
    {
        var path = _folder.File("history.json");
        File.WriteAllText(path, "[\"a\",\"b\"]");
        using var rogue = new UnlockedWriter(path, Encoding.UTF8.GetBytes(Complete), writtenFirst);
        await rogue.WriteFirstPartAsync();
        var clock = new SteppingTimeProvider();
        clock.BeforeTimerFires = _ => rogue.Finish(); // the update is waiting to read again: let the writer complete

        var written = SharedStateFile.Update<List<string>>(path, l => [.. l, "d"], new SharedStateFileOptions { TimeProvider = clock });

        written.ShouldBe(["a", "b", "c", "d"]);
        SharedStateFile.Read<List<string>>(path).ShouldBe(["a", "b", "c", "d"]);
        Directory.GetFiles(_folder.Path, "*.corrupt-*").ShouldBeEmpty();
    }

    [Fact]
    public async Task Read_also_waits_for_a_half_written_file()
    {
        var path = _folder.File("history.json");
        using var rogue = new UnlockedWriter(path, Encoding.UTF8.GetBytes(Complete), 5);
        await rogue.WriteFirstPartAsync();
        var clock = new SteppingTimeProvider { BeforeTimerFires = _ => rogue.Finish() };

        SharedStateFile.Read<List<string>>(path, new SharedStateFileOptions { TimeProvider = clock }).ShouldBe(["a", "b", "c"]);
    }

    [Fact]
    public void A_file_that_stays_invalid_is_moved_aside_only_after_it_stopped_changing()
    {
        var path = _folder.File("history.json");
        File.WriteAllText(path, "[\"a\",");
        var clock = new SteppingTimeProvider();

        var ex = Should.Throw<SharedStateFileCorruptException>(() => SharedStateFile.Update<List<string>>(path, l => l, new SharedStateFileOptions { TimeProvider = clock }));

        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250));
        File.ReadAllText(ex.CorruptCopyPath!).ShouldBe("[\"a\",");
        Path.GetFileName(ex.CorruptCopyPath).ShouldBe("history.json.corrupt-" + clock.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_file_another_process_holds_open_exclusively_is_read_once_it_lets_go()
    {
        var path = _folder.File("history.json");
        File.WriteAllText(path, "[\"a\"]");
        using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var clock = new SteppingTimeProvider { BeforeTimerFires = _ => exclusive.Dispose() };

        SharedStateFile.Update<List<string>>(path, l => [.. l, "b"], new SharedStateFileOptions { TimeProvider = clock }).ShouldBe(["a", "b"]);
    }

    [Fact]
    public void A_file_held_open_exclusively_for_good_gives_an_error_that_says_so()
    {
        var path = _folder.File("history.json");
        File.WriteAllText(path, "[\"a\"]");
        using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var clock = new SteppingTimeProvider();

        var ex = Should.Throw<IOException>(() => SharedStateFile.Update<List<string>>(path, l => [.. l, "b"], new SharedStateFileOptions { TimeProvider = clock }));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("holds it open exclusively");
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
    }

    /// <summary>Rewrites a file the way <c>File.WriteAllText</c> does, without the lock, stopping after the first part until told to finish.</summary>
    private sealed class UnlockedWriter(string path, byte[] content, int firstPart) : IDisposable
    {
        private readonly TaskCompletionSource _firstPartWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _finish = new();
        private readonly ManualResetEventSlim _done = new();
        private Task? _writer;

        public Task WriteFirstPartAsync()
        {
            _writer = Task.Run(() =>
            {
                using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read))
                {
                    stream.Write(content, 0, firstPart);
                    stream.Flush(flushToDisk: true);
                    _firstPartWritten.SetResult();
                    _finish.Wait(TimeSpan.FromSeconds(60)).ShouldBeTrue("the update never waited to read again");
                    stream.Write(content, firstPart, content.Length - firstPart);
                }

                _done.Set();
            });
            return _firstPartWritten.Task;
        }

        /// <summary>Lets the writer complete and waits until it has.</summary>
        public void Finish()
        {
            _finish.Set();
            _done.Wait(TimeSpan.FromSeconds(60)).ShouldBeTrue("the unlocked writer did not finish");
        }

        public void Dispose()
        {
            _finish.Set();
            _writer?.Wait(TimeSpan.FromSeconds(60));
            _finish.Dispose();
            _done.Dispose();
        }
    }
}
