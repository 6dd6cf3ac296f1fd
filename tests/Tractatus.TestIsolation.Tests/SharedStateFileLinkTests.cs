using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

/// <summary>Links planted next to or in place of a state file: the lock file never follows one; a linked state file is updated at its target.</summary>
public sealed class SharedStateFileLinkTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [UnixFact]
    public void A_lock_file_that_links_to_another_file_is_refused_and_the_target_is_untouched()
    {
        var victim = _folder.File("bashrc");
        File.WriteAllText(victim, "export PATH=precious\n");
        var path = _folder.File("history.json");
        File.CreateSymbolicLink(path + ".lock", victim);

        var ex = Should.Throw<IOException>(() => SharedStateFile.Update<List<int>>(path, l => [.. l, 1]));

        ex.Message.ShouldContain(path + ".lock");
        ex.Message.ShouldContain("symbolic link");
        ex.Message.ShouldContain("Delete the link");
        File.ReadAllText(victim).ShouldBe("export PATH=precious\n");
        File.Exists(path).ShouldBeFalse();
    }

    [UnixFact]
    public void A_dangling_lock_link_is_refused_and_its_target_is_not_created()
    {
        var target = _folder.File("not-there-yet");
        var path = _folder.File("history.json");
        File.CreateSymbolicLink(path + ".lock", target);

        Should.Throw<IOException>(() => SharedStateFile.UpdateText(path, t => t + "x")).Message.ShouldContain("symbolic link");

        File.Exists(target).ShouldBeFalse();
    }

    [Fact]
    public void A_lock_file_with_content_this_library_never_writes_is_not_truncated()
    {
        // What a hard link to someone's file looks like from here: a regular file with foreign content.
        var path = _folder.File("history.json");
        File.WriteAllText(path + ".lock", "ssh-ed25519 AAAA... user@host\n");

        var ex = Should.Throw<IOException>(() => SharedStateFile.Update<List<int>>(path, l => [.. l, 1]));

        ex.Message.ShouldContain(path + ".lock");
        ex.Message.ShouldContain("left untouched");
        File.ReadAllText(path + ".lock").ShouldBe("ssh-ed25519 AAAA... user@host\n");
    }

    [UnixFact]
    public async Task A_pipe_planted_as_the_lock_file_is_refused_without_blocking()
    {
        var path = _folder.File("history.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path + ".lock"]))
        {
            await mkfifo.WaitForExitAsync();
            mkfifo.ExitCode.ShouldBe(0);
        }

        var update = Task.Run(() => SharedStateFile.Update<List<int>>(path, l => [.. l, 1]));

        (await Should.ThrowAsync<IOException>(update.WaitAsync(TimeSpan.FromSeconds(60)))).Message.ShouldContain("not a regular file");
    }

    [Fact]
    public void A_lock_file_left_by_an_earlier_holder_is_reused()
    {
        var path = _folder.File("history.json");
        File.WriteAllText(path + ".lock", "pid 12345 on host old-box, session (none), since 2026-01-01T00:00:00.000Z\n");

        SharedStateFile.Update<List<int>>(path, l => [.. l, 1], new SharedStateFileOptions { HolderSessionId = "0m5x2k9qzab3f7k" });

        LockFileText.Read(path + ".lock").ShouldContain("session 0m5x2k9qzab3f7k");
    }

    [UnixFact]
    public void A_linked_lock_queue_folder_is_refused()
    {
        var elsewhere = Directory.CreateDirectory(_folder.File("elsewhere")).FullName;
        var someonesFile = Path.Combine(elsewhere, "a.waiter");
        File.WriteAllText(someonesFile, "not a queue entry");
        var path = _folder.File("history.json");
        File.CreateSymbolicLink(path + ".lock.queue", elsewhere);

        Should.Throw<IOException>(() => SharedStateFile.Update<List<int>>(path, l => [.. l, 1])).Message.ShouldContain(path + ".lock.queue");

        Directory.GetFiles(elsewhere).ShouldBe([someonesFile]);
    }

    [UnixFact]
    public void A_linked_state_file_is_updated_at_its_target_and_stays_a_link()
    {
        var real = Path.Combine(Directory.CreateDirectory(_folder.File("dotfiles")).FullName, "history.json");
        File.WriteAllText(real, "[1]");
        var link = _folder.File("history.json");
        File.CreateSymbolicLink(link, real);

        SharedStateFile.Update<List<int>>(link, l => [.. l, 2]);
        SharedStateFile.Update<List<int>>(real, l => [.. l, 3]);

        new FileInfo(link).LinkTarget.ShouldBe(real);
        SharedStateFile.Read<List<int>>(real).ShouldBe([1, 2, 3]);
        SharedStateFile.Read<List<int>>(link).ShouldBe([1, 2, 3]);
        File.Exists(real + ".lock").ShouldBeTrue();
        File.Exists(link + ".lock").ShouldBeFalse();
    }

    [UnixFact]
    public void A_link_and_its_target_take_one_lock()
    {
        var real = _folder.File("real.json");
        var link = _folder.File("link.json");
        File.CreateSymbolicLink(link, real);
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => SharedStateFile.Update<List<int>>(link, l =>
        {
            holding.Set();
            release.Wait();
            return [.. l, 1];
        }));
        holding.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();

        // The fake clock lets the 10 s timeout pass at once: only a shared lock makes this time out.
        var fast = new SharedStateFileOptions { TimeProvider = new SteppingTimeProvider() };
        var ex = Should.Throw<SharedStateFileLockTimeoutException>(() => SharedStateFile.Update<List<int>>(real, l => [.. l, 2], fast));
        release.Set();
        holder.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();

        ex.FilePath.ShouldBe(real);
        SharedStateFile.Read<List<int>>(real).ShouldBe([1]);
    }

    [UnixFact]
    public void Dot_dot_after_a_linked_folder_means_what_the_OS_means()
    {
        var deep = Directory.CreateDirectory(_folder.File(Path.Combine("real", "deep"))).FullName;
        Directory.CreateSymbolicLink(_folder.File("shortcut"), deep);
        var viaLink = _folder.File(Path.Combine("shortcut", "..", "state.json"));

        SharedStateFile.Update<List<int>>(viaLink, l => [.. l, 1]);

        // The OS reads shortcut/.. as real/, not as the folder that holds the link.
        File.ReadAllText(_folder.File(Path.Combine("real", "state.json"))).ShouldContain("1");
        File.Exists(_folder.File("state.json")).ShouldBeFalse();
        SharedStateFile.Read<List<int>>(_folder.File(Path.Combine("real", "deep", "..", "state.json"))).ShouldBe([1]);
    }

    [UnixFact]
    public void A_loop_of_links_is_reported()
    {
        File.CreateSymbolicLink(_folder.File("a.json"), _folder.File("b.json"));
        File.CreateSymbolicLink(_folder.File("b.json"), _folder.File("a.json"));

        Should.Throw<IOException>(() => SharedStateFile.Update<List<int>>(_folder.File("a.json"), l => l)).Message.ShouldContain("symbolic links");
    }

    [Fact]
    public void A_directory_where_the_state_file_should_be_is_named_as_such()
    {
        var path = Directory.CreateDirectory(_folder.File("state.json")).FullName;

        var update = Should.Throw<IOException>(() => SharedStateFile.Update<List<int>>(path, l => l));
        var read = Should.Throw<IOException>(() => SharedStateFile.Read<List<int>>(path));

        update.Message.ShouldContain("is a directory");
        update.Message.ShouldContain(path);
        read.Message.ShouldContain("is a directory");
    }

    [Fact]
    public void A_directory_where_the_lock_file_should_be_is_named_as_such()
    {
        var path = _folder.File("state.json");
        Directory.CreateDirectory(path + ".lock");

        var ex = Should.Throw<IOException>(() => SharedStateFile.Update<List<int>>(path, l => l));

        ex.Message.ShouldContain(path + ".lock");
        ex.Message.ShouldContain("is a directory");
    }
}
