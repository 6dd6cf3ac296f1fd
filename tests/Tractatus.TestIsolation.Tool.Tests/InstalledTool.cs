using System.Text.RegularExpressions;

namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>
/// The packed tool installed the way a user installs it: <c>dotnet tool install --tool-path &lt;temp&gt; --add-source
/// artifacts/packages Tractatus.TestIsolation.Tool --version &lt;v&gt;</c>. The tool and the runtime packages (for the
/// sample solution) come from one pack: the one build/test.sh made (<c>TRACTATUS_TOOL_TEST_VERSION</c>), else
/// <c>build/pack-once.sh</c> (build/pack.sh --runtime, reused while src/ is unchanged). Installed once per test run.
/// </summary>
internal static partial class InstalledTool
{
    public const string PackageId = "Tractatus.TestIsolation.Tool";
    public const string VersionVariable = "TRACTATUS_TOOL_TEST_VERSION";

    private static readonly Lazy<Task<string>> Installation = new(InstallAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The packages the tests need from one pack: the tool, and what the sample solution references.</summary>
    public static readonly string[] PackageIds =
    [
        PackageId, "Tractatus.TestIsolation", "Tractatus.TestIsolation.Xunit", "Tractatus.TestIsolation.PostgreSql", "Tractatus.TestIsolation.Sqlite",
    ];

    /// <summary>The version installed (after <see cref="PathAsync"/>); the runtime packages of the same version are in the feed.</summary>
    public static string? Version { get; private set; }

    /// <summary>The local feed build/pack.sh writes.</summary>
    public static string Feed => Path.Combine(RepositoryPaths.Root, "artifacts", "packages");

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
        var feed = Feed;
        if (string.IsNullOrWhiteSpace(version) || !PackageIds.All(id => File.Exists(Path.Combine(feed, $"{id}.{version}.nupkg"))))
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
        // The same pack build/test.sh and the demo use: reused while src/ is unchanged, else build/pack.sh --runtime.
        var log = Path.Combine(RepositoryPaths.Root, "artifacts", "tool-tests", "pack.log");
        using var pack = ProcessRun.Start("bash", [Path.Combine(RepositoryPaths.Root, "build", "pack-once.sh"), log]);
        var exit = await pack.WaitAsync(TimeSpan.FromMinutes(20));
        var version = pack.StandardOutput.Trim();
        if (exit != 0 || !PackedVersion().IsMatch(version))
        {
            throw new InvalidOperationException($"build/pack-once.sh failed (exit {exit}); see {log}.\n{pack.AllOutput}");
        }

        return version;
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$")]
    private static partial Regex PackedVersion();
}
