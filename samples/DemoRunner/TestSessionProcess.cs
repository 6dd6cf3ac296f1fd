using System.Diagnostics;

namespace DemoRunner;

/// <summary>One test session: a `dotnet test` process running a suite dll, with its own TRX, log and report folder.</summary>
internal sealed class TestSessionProcess
{
    private readonly Process _process;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private TestSessionProcess(int index, Process process, string trxPath, string reportDirectory)
    {
        Index = index;
        _process = process;
        TrxPath = trxPath;
        ReportDirectory = reportDirectory;
    }

    public int Index { get; }
    public string TrxPath { get; }
    public string ReportDirectory { get; }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Set when this session's test host was killed on purpose.</summary>
    public string? KilledDatabase { get; set; }

    public static TestSessionProcess Start(int index, string dll, string phaseDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var results = Path.Combine(phaseDirectory, "results");
        var reports = Path.Combine(phaseDirectory, "reports", $"session-{index}");
        Directory.CreateDirectory(results);
        Directory.CreateDirectory(reports);
        var trxName = $"session-{index}.trx";
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "test", dll, "--logger", $"trx;LogFileName={trxName}", "--results-directory", results, "--nologo" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.Environment["TRACTATUS_DEMO_REPORT_DIR"] = reports;
        var log = new StreamWriter(Path.Combine(phaseDirectory, $"session-{index}.log")) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.Exited += (_, _) => { lock (log) { log.Flush(); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new TestSessionProcess(index, process, Path.Combine(results, trxName), reports);
    }

    public async Task WaitAsync()
    {
        await _process.WaitForExitAsync();
        Elapsed = _clock.Elapsed;
    }

    /// <summary>The test host's pid and session database once the fixture announced them, else null.</summary>
    public (int Pid, string Database)? Started()
    {
        var file = Directory.Exists(ReportDirectory) ? Directory.GetFiles(ReportDirectory, "started-*.txt").FirstOrDefault() : null;
        if (file is null)
        {
            return null;
        }

        var pid = int.Parse(Path.GetFileNameWithoutExtension(file)["started-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        return (pid, File.ReadAllText(file).Trim());
    }
}
