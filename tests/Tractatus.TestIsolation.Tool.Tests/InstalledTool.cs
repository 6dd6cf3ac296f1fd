using System.Text.RegularExpressions;

namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>
/// The packed tool installed the way a user installs it: <c>dotnet tool install --tool-path &lt;temp&gt; --add-source
/// artifacts/packages Tractatus.TestIsolation.Tool --version &lt;v&gt;</c>. Packed once per test run (or taken from
/// <c>TRACTATUS_TOOL_TEST_VERSION</c>, set by build/test.sh after its pack), installed once per test run.
/// </summary>
internal static partial class InstalledTool
{
    public const string PackageId = "Tractatus.TestIsolation.Tool";
    public const string VersionVariable = "TRACTATUS_TOOL_TEST_VERSION";

    private static readonly Lazy<Task<string>> Installation = new(InstallAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The version installed (after <see cref="PathAsync"/>).</summary>
    public static string? Version { get; private set; }

    /// <summary>The installed <c>tractatus-isolation</c> command.</summary>
    public static Task<string> PathAsync() => Installation.Value;

    /// <summary>Runs the installed tool and waits for it (generous limit: the machine may be busy).</summary>
    public static async Task<(int Exit, ProcessRun Run)> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var run = await StartAsync(environment, arguments);
        var exit = await run.WaitAsync(TimeSpan.FromMinutes(3));
        return (exit, run);
    }

    /// <summary>Starts the installed tool.</summary>
    public static async Task<ProcessRun> StartAsync(IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        ProcessRun.Start(await PathAsync(), arguments, environment);

    private static async Task<string> InstallAsync()
    {
        var version = Environment.GetEnvironmentVariable(VersionVariable);
        var feed = Path.Combine(RepositoryPaths.Root, "artifacts", "packages");
        if (string.IsNullOrWhiteSpace(version) || !File.Exists(Path.Combine(feed, $"{PackageId}.{version}.nupkg")))
        {
            version = await PackAsync();
        }

        Version = version;
        var toolPath = Path.Combine(Path.GetTempPath(), "tractatus-tool-tests", Guid.NewGuid().ToString("N")[..12]);
        using var install = ProcessRun.Start("dotnet", ["tool", "install", "--tool-path", toolPath, "--add-source", feed, PackageId, "--version", version]);
        var exit = await install.WaitAsync(TimeSpan.FromMinutes(5));
        var command = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "tractatus-isolation.exe" : "tractatus-isolation");
        if (exit != 0 || !File.Exists(command))
        {
            throw new InvalidOperationException($"dotnet tool install of {PackageId} {version} failed (exit {exit}).\n{install.AllOutput}");
        }

        return command;
    }

    private static async Task<string> PackAsync()
    {
        using var pack = ProcessRun.Start("bash", [Path.Combine(RepositoryPaths.Root, "build", "pack.sh"), "--tool"]);
        var exit = await pack.WaitAsync(TimeSpan.FromMinutes(10));
        var match = PackedTool().Match(pack.StandardOutput);
        if (exit != 0 || !match.Success)
        {
            throw new InvalidOperationException($"build/pack.sh --tool failed (exit {exit}).\n{pack.AllOutput}");
        }

        return match.Groups["version"].Value;
    }

    [GeneratedRegex(@"Tractatus\.TestIsolation\.Tool\.(?<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)\.nupkg")]
    private static partial Regex PackedTool();
}
