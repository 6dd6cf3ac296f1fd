using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.SharedState;

namespace Tractatus.TestIsolation.Worker.Commands;

/// <summary>
/// <c>shared-append &lt;file&gt; &lt;count&gt; &lt;tag&gt; &lt;go-file&gt; &lt;timings-file&gt; [--unlocked]</c>: prints <c>READY</c>,
/// waits until the go file exists (so all workers start together), then appends <c>&lt;tag&gt;-&lt;i&gt;</c> to the JSON
/// array in the file <c>count</c> times: through <see cref="SharedStateFile.Update{T}(string, Func{T, T}, SharedStateFileOptions?)"/>,
/// or with <c>--unlocked</c> the naive <c>ReadAllText</c> / <c>WriteAllText</c> way the incident's tooling used.
/// Writes one line <c>&lt;wait ms&gt; &lt;hold ms&gt;</c> per locked update to the timings file, then prints <c>DONE</c>.
/// For measurements: <c>--no-flush</c> skips fsync, <c>--no-queue</c> polls without the arrival-order queue.
/// </summary>
public sealed class SharedAppendCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "shared-append";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var file = args[0];
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var tag = args[2];
        var goFile = args[3];
        var timingsFile = args[4];
        var unlocked = args.Contains("--unlocked");
        var options = new SharedStateFileOptions { FlushToDisk = !args.Contains("--no-flush") };
        SharedFileLock.UseWaitQueue = !args.Contains("--no-queue");

        Console.WriteLine("READY");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(goFile))
        {
            if (DateTime.UtcNow > deadline)
            {
                await Console.Error.WriteLineAsync("No go file within 60 s.");
                return 2;
            }

            await Task.Delay(2);
        }

        var timings = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var entry = tag + "-" + i.ToString(CultureInfo.InvariantCulture);
            if (unlocked)
            {
                if (!AppendUnlocked(file, entry))
                {
                    Console.WriteLine("CORRUPT after " + i.ToString(CultureInfo.InvariantCulture));
                    break;
                }

                continue;
            }

            var called = Stopwatch.GetTimestamp();
            long entered = 0;
            SharedStateFile.Update<List<string>>(file, list =>
            {
                entered = Stopwatch.GetTimestamp();
                list.Add(entry);
                return list;
            }, options);
            var returned = Stopwatch.GetTimestamp();
            timings.Add(string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetElapsedTime(called, entered).TotalMilliseconds:0.000} {Stopwatch.GetElapsedTime(entered, returned).TotalMilliseconds:0.000}"));
        }

        await File.WriteAllLinesAsync(timingsFile, timings);
        Console.WriteLine("DONE");
        return 0;
    }

    // The naive read-modify-write this library replaces. A reader can catch the file half-written (WriteAllText
    // truncates first); such a read is retried, as tooling would. Two writers at once can also leave the file
    // corrupt for good (one's bytes after the other's); then this returns false and the worker stops.
    private static bool AppendUnlocked(string file, string entry)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var list = File.Exists(file) ? JsonSerializer.Deserialize<List<string>>(File.ReadAllText(file)) ?? [] : [];
                list.Add(entry);
                File.WriteAllText(file, JsonSerializer.Serialize(list));
                return true;
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                if (attempt >= 50)
                {
                    return false;
                }

                Thread.Sleep(2);
            }
        }
    }
}

/// <summary><c>shared-hold &lt;file&gt;</c>: takes the lock through an update, prints <c>HOLDING</c>, and never returns (the test kills it).</summary>
public sealed class SharedHoldCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "shared-hold";

    /// <inheritdoc />
    public Task<int> RunAsync(string[] args)
    {
        SharedStateFile.Update<List<string>>(args[0], list =>
        {
            Console.WriteLine("HOLDING");
            Console.Out.Flush();
            Thread.Sleep(Timeout.Infinite);
            return list;
        });
        return Task.FromResult(1);
    }
}

/// <summary><c>shared-append-forever &lt;file&gt; &lt;tag&gt;</c>: appends until killed, printing <c>PROGRESS &lt;n&gt;</c> every 25 updates.</summary>
public sealed class SharedAppendForeverCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "shared-append-forever";

    /// <inheritdoc />
    public Task<int> RunAsync(string[] args)
    {
        for (var i = 1; ; i++)
        {
            var entry = args[1] + "-" + i.ToString(CultureInfo.InvariantCulture);
            SharedStateFile.Update<List<string>>(args[0], list =>
            {
                list.Add(entry);
                return list;
            });
            if (i % 25 == 0)
            {
                Console.WriteLine("PROGRESS " + i.ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}

/// <summary>
/// <c>shared-update-once &lt;file&gt; [--probe-only]</c>: one append. On failure prints <c>FAILED &lt;type&gt;: &lt;message&gt;</c> to
/// standard error and exits 3. <c>--probe-only</c> ignores the DOTNET_SYSTEM_IO_DISABLEFILELOCKING setting so the
/// run-time check (a second exclusive open must fail) is what has to catch disabled locking.
/// </summary>
public sealed class SharedUpdateOnceCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "shared-update-once";

    /// <inheritdoc />
    public Task<int> RunAsync(string[] args)
    {
        SharedFileLock.IgnoreDisableLockingSetting = args.Contains("--probe-only");
        try
        {
            SharedStateFile.Update<List<string>>(args[0], list =>
            {
                list.Add("once");
                return list;
            });
            Console.WriteLine("UPDATED");
            return Task.FromResult(0);
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"FAILED {ex.GetType().FullName}: {ex.Message}");
            return Task.FromResult(3);
        }
    }
}

/// <summary>
/// <c>state-dir-open &lt;root&gt; &lt;ttl-seconds&gt;</c>: opens this session's state directory with a short lease, writes
/// <c>state.json</c>, prints <c>OPENED &lt;session id&gt;</c> and sleeps until killed.
/// </summary>
public sealed class StateDirectoryOpenCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "state-dir-open";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var ttl = TimeSpan.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture));
        var session = TestSession.Start(new TestSessionOptions { Lease = new LeaseOptions { TimeToLive = ttl } });
        TestSession.SetCurrent(session);
        using var directory = SessionStateDirectory.Open(args[0], session);
        SharedStateFile.Update<Dictionary<string, int>>(directory.GetFilePath("state.json"), state =>
        {
            state["started"] = 1;
            return state;
        });
        Console.WriteLine("OPENED " + session.Id);
        await Task.Delay(Timeout.Infinite);
        return 1;
    }
}

/// <summary>
/// <c>run-snippet &lt;assembly&gt; &lt;working-directory&gt;</c>: runs a compiled README snippet's entry point in that folder,
/// as a user's program would run. Prints <c>RAN</c>; on an exception prints it to standard error and exits 3.
/// </summary>
public sealed class RunSnippetCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "run-snippet";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        Directory.SetCurrentDirectory(args[1]);
        var entry = System.Reflection.Assembly.LoadFrom(args[0]).EntryPoint
            ?? throw new InvalidOperationException($"'{args[0]}' has no entry point.");
        try
        {
            var result = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
            if (result is Task task)
            {
                await task;
            }
        }
        catch (Exception ex)
        {
            var thrown = ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : ex;
            await Console.Error.WriteLineAsync($"FAILED {thrown}");
            return 3;
        }

        Console.WriteLine("RAN");
        return 0;
    }
}
