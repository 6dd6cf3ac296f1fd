using System.Diagnostics;
using System.Text;

namespace Tractatus.TestIsolation.Testing;

/// <summary>
/// Starts tests/Tractatus.TestIsolation.Worker as a separate OS process, so tests can run real
/// concurrent sessions and kill one with SIGKILL. Linked into test projects that need it; those
/// projects reference the worker with ReferenceOutputAssembly=false so it is built first.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (_stdout) { _stdout.AppendLine(e.Data); } } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (_stderr) { _stderr.AppendLine(e.Data); } } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything the child wrote to standard output so far.</summary>
    public string StandardOutput { get { lock (_stdout) { return _stdout.ToString(); } } }

    /// <summary>Everything the child wrote to standard error so far.</summary>
    public string StandardError { get { lock (_stderr) { return _stderr.ToString(); } } }

    /// <summary>Starts <c>worker &lt;command&gt; args...</c> with extra environment variables.</summary>
    public static WorkerProcess Start(string command, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WorkerDllPath());
        info.ArgumentList.Add(command);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new WorkerProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start the worker process."));
    }

    /// <summary>Waits until the child printed a line containing <paramref name="marker"/>, or fails with its output.</summary>
    public async Task WaitForOutputAsync(string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!StandardOutput.Contains(marker, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Worker exited with {_process.ExitCode} before printing '{marker}'.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Worker did not print '{marker}' within {timeout}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Waits for exit and returns the exit code; kills the child and fails on timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"Worker did not exit within {timeout}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        _process.WaitForExit(); // flush redirected output
        return _process.ExitCode;
    }

    /// <summary>
    /// Sends <paramref name="line"/> to the child's stdin and returns the first line it prints afterwards that starts
    /// with <paramref name="replyPrefix"/>; fails with the child's output when none comes within <paramref name="timeout"/>.
    /// </summary>
    public async Task<string> RequestAsync(string line, string replyPrefix, TimeSpan timeout)
    {
        var before = StandardOutput.Length;
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var reply = StandardOutput[before..].Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(replyPrefix, StringComparison.Ordinal));
            if (reply is not null)
            {
                return reply;
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Worker did not answer '{line}' with '{replyPrefix}' within {timeout} (exited: {_process.HasExited}).\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Sends a Unix signal (e.g. <c>STOP</c>, <c>CONT</c>) to the child: SIGSTOP pauses it as a debugger or a frozen VM would.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill?.WaitForExit();
    }

    /// <summary>Kills the child with SIGKILL (no finalizers, no handlers), like a crashed test run.</summary>
    public void Kill()
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            _process.Kill(entireProcessTree: true);
        }
        else
        {
            using var kill = Process.Start("kill", ["-9", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill?.WaitForExit();
        }

        _process.WaitForExit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string WorkerDllPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tractatus.TestIsolation.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Repository root (Tractatus.TestIsolation.sln) not found above " + AppContext.BaseDirectory);
        }

        // Same configuration as the running test assembly: .../bin/<Configuration>/net10.0/
        // DirectoryInfo ignores the trailing separator of BaseDirectory, so its Parent is already <Configuration>.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(dir.FullName, "tests", "Tractatus.TestIsolation.Worker", "bin", configuration, "net10.0", "Tractatus.TestIsolation.Worker.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Worker not built; build tests/Tractatus.TestIsolation.Worker first.", path);
    }
}
