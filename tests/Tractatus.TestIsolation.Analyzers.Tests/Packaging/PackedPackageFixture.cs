using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;

namespace Tractatus.TestIsolation.Analyzers.Tests.Packaging;

/// <summary>
/// Packs src/Tractatus.TestIsolation.Analyzers.Package once, with the same configuration the tests
/// were built in, into a temporary folder, and opens the .nupkg for inspection.
/// </summary>
public sealed class PackedPackageFixture : IDisposable
{
    public const string PackageId = "Tractatus.TestIsolation.Analyzers";
    private const string Version = "0.0.0-packaging-test";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tractatus-pack-" + Guid.NewGuid().ToString("N"));

    public PackedPackageFixture()
    {
        Directory.CreateDirectory(_folder);
        var project = RepositoryRoot.Combine("src", "Tractatus.TestIsolation.Analyzers.Package", "Tractatus.TestIsolation.Analyzers.Package.csproj");
        var configuration = typeof(PackedPackageFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        PackOutput = RunDotnet("pack", project, "-c", configuration, "-o", _folder, "-p:PackageVersion=" + Version, "-nologo", "-v:q");

        var path = Path.Combine(_folder, $"{PackageId}.{Version}.nupkg");
        File.Exists(path).ShouldBeTrue($"dotnet pack wrote no {Path.GetFileName(path)}. Output:\n{PackOutput}");
        Package = ZipFile.OpenRead(path);
    }

    public ZipArchive Package { get; }

    public string PackOutput { get; }

    public IReadOnlyList<string> EntryNames => Package.Entries.Select(e => e.FullName).ToList();

    public byte[] ReadEntry(string name)
    {
        var entry = Package.GetEntry(name) ?? throw new InvalidOperationException($"The package has no entry '{name}'. Entries: {string.Join(", ", EntryNames)}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose()
    {
        Package.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the test result is what matters.
        }
    }

    private static string RunDotnet(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host inherits MSBuild variables from `dotnet test`; a nested build must find its own.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within 5 minutes.");
        }

        var output = stdout.Result + stderr.Result;
        process.ExitCode.ShouldBe(0, $"dotnet {string.Join(' ', arguments)} failed:\n{output}");
        return output;
    }
}
