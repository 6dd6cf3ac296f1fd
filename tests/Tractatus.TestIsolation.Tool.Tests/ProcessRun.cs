using System.Diagnostics;
using System.Text;

namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>A child process with its output captured; waits are bounded generously and fail with the output so far.</summary>
internal sealed class ProcessRun : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ProcessRun(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string StandardOutput { get { lock (_stdout) { return _stdout.ToString(); } } }

    public string StandardError { get { lock (_stderr) { return _stderr.ToString(); } } }

    public string AllOutput => $"--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";

    public static ProcessRun Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The tests' own server variables must not leak into the tool unless a test passes them on purpose.
        foreach (var name in new[] { "TRACTATUS_POSTGRES_CONNECTION_STRING", "TRACTATUS_MONGODB_URI", "TRACTATUS_SQLITE_FOLDER", "TRACTATUS_SESSION_ID", "TRACTATUS_LEASE_TTL_SECONDS", "GITHUB_STEP_SUMMARY" })
        {
            info.Environment.Remove(name);
        }

        // An MSBuild node left running after a build inherits the redirected output and would hold the pipes open for minutes.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        return new ProcessRun(Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start."));
    }

    /// <summary>Waits for the exit; kills the tree and fails with the output when it takes longer than <paramref name="limit"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} ran longer than {limit.TotalSeconds:0} s.\n{AllOutput}");
        }

        _process.WaitForExit(); // drains the output events
        return _process.ExitCode;
    }

    /// <summary>Waits until standard output has a line starting with <paramref name="prefix"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            var line = StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No line starting with '{prefix}' within {limit.TotalSeconds:0} s (exited: {_process.HasExited}).\n{AllOutput}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }
}
