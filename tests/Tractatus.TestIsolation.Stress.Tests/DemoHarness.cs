using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Tractatus.TestIsolation.Stress.Tests;

/// <summary>
/// Builds the demo suites once (build/demo.sh --build-only, unless build/test.sh already did and set
/// TRACTATUS_DEMO_PREBUILT=1) and runs samples/DemoRunner with a time limit.
/// </summary>
public static class DemoHarness
{
    private static readonly Lazy<Task> Build = new(BuildAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Root { get; } = FindRoot();

    private static string Bin(string project) => Path.Combine(Root, "samples", project, "bin", "Release", "net10.0", project + ".dll");

    /// <summary>Runs the runner against PostgreSQL; fails the test with the runner's output when it fails or overruns.</summary>
    public static async Task<(DemoOutcome Outcome, string Output)> RunAsync(string name, TimeSpan limit, params string[] arguments)
    {
        await Build.Value;
        var work = Path.Combine(Root, "artifacts", "stress", name);
        var json = Path.Combine(work, "outcome.json");
        Directory.CreateDirectory(work);
        File.Delete(json);
        var args = new List<string>
        {
            Bin("DemoRunner"), "--naive-dll", Bin("DocumentApi.NaiveTests"), "--isolated-dll", Bin("DocumentApi.IsolatedTests"),
            "--work", work, "--provider", "postgres", "--json", json,
            // A prefix of its own per run: session databases an aborted earlier run left (live-looking
            // leases for up to their TTL) must not count as this run's leftovers.
            "--prefix", "docstress" + string.Concat(Enumerable.Range(0, 4).Select(_ => (char)('a' + Random.Shared.Next(26)))),
        };
        args.AddRange(arguments);
        var (exit, output) = await RunProcessAsync("dotnet", args, limit, new Dictionary<string, string>
        {
            ["TRACTATUS_POSTGRES_CONNECTION_STRING"] = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable) ?? "",
        });
        if (exit != 0 || !File.Exists(json))
        {
            throw new Xunit.Sdk.XunitException($"DemoRunner {string.Join(' ', arguments)} exited with {exit} and wrote no {json}. Output:\n{output}");
        }

        var outcome = JsonSerializer.Deserialize<DemoOutcome>(File.ReadAllText(json), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new Xunit.Sdk.XunitException($"{json} is empty.");
        return (outcome, output);
    }

    private static async Task BuildAsync()
    {
        var runner = Bin("DemoRunner");
        if (Environment.GetEnvironmentVariable("TRACTATUS_DEMO_PREBUILT") == "1" && File.Exists(runner))
        {
            return;
        }

        var (exit, output) = await RunProcessAsync("bash", [Path.Combine(Root, "build", "demo.sh"), "--build-only"], TimeSpan.FromMinutes(5), new Dictionary<string, string>());
        if (exit != 0 || !File.Exists(runner))
        {
            throw new InvalidOperationException($"build/demo.sh --build-only failed (exit {exit}); the demo suites are needed for the stress tests. Output:\n{output}");
        }
    }

    private static async Task<(int Exit, string Output)> RunProcessAsync(string file, IEnumerable<string> arguments, TimeSpan limit, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran longer than {limit.TotalSeconds:0} s and was killed. Output so far:\n{output}");
        }

        process.WaitForExit(); // drains the output events
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Tractatus.TestIsolation.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"Tractatus.TestIsolation.sln not found above {AppContext.BaseDirectory}; run the stress tests from the repository.");
    }
}
