namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>samples/SolutionRun (two test projects of one solution), built once against the packed runtime packages.</summary>
internal static class SampleSolution
{
    private static readonly Lazy<Task> Build = new(BuildAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path { get; } = System.IO.Path.Combine(RepositoryPaths.Root, "samples", "SolutionRun", "SolutionRun.sln");

    /// <summary>Builds the sample (Release) with the runtime packages of the installed tool's version.</summary>
    public static Task EnsureBuiltAsync() => Build.Value;

    private static async Task BuildAsync()
    {
        await InstalledTool.PathAsync();
        using var build = ProcessRun.Start("dotnet", ["build", Path, "-c", "Release", "-nologo", $"-p:TractatusRuntimeVersion={InstalledTool.Version}"]);
        var exit = await build.WaitAsync(TimeSpan.FromMinutes(10));
        if (exit != 0)
        {
            throw new InvalidOperationException($"dotnet build {Path} failed (exit {exit}).\n{build.AllOutput}");
        }
    }
}
