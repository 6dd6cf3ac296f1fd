using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tractatus.TestIsolation.SharedState;

namespace Tractatus.TestIsolation.Benchmarks.SharedState;

/// <summary>
/// Uncontended latency of one read-modify-write of a JSON state file (a 100-entry string array, about 5 KB):
/// the unlocked in-place <c>File.ReadAllText</c> / <c>File.WriteAllText</c> the incident's tooling did, next to
/// <see cref="SharedStateFile.Update{T}(string, Func{T, T}, SharedStateFileOptions?)"/> with and without the
/// fsync. Each update replaces one entry, so the file keeps its size across iterations.
/// </summary>
public class SharedStateUpdateBenchmarks
{
    private const int Entries = 100;
    private static readonly SharedStateFileOptions NoFlush = new() { FlushToDisk = false };

    private string _folder = null!;
    private string _unlockedFile = null!;
    private string _lockedFile = null!;
    private int _next;

    [GlobalSetup]
    public void CreateFiles()
    {
        // Same file system as the repository (where state files such as .claude/*.json live), not /tmp.
        _folder = Path.Combine(FindArtifacts(), "work", "shared-state-" + Environment.ProcessId);
        Directory.CreateDirectory(_folder);
        var initial = JsonSerializer.Serialize(Enumerable.Range(0, Entries).Select(i => $"instruction-{i:0000}-{new string('x', 24)}").ToList());
        _unlockedFile = Path.Combine(_folder, "unlocked-history.json");
        _lockedFile = Path.Combine(_folder, "locked-history.json");
        File.WriteAllText(_unlockedFile, initial);
        File.WriteAllText(_lockedFile, initial);
    }

    [GlobalCleanup]
    public void DeleteFiles() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true, Description = "unlocked ReadAllText/WriteAllText")]
    public int UnlockedInPlace()
    {
        var list = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(_unlockedFile))!;
        list[_next++ % Entries] = "entry-" + _next;
        File.WriteAllText(_unlockedFile, JsonSerializer.Serialize(list));
        return list.Count;
    }

    [Benchmark(Description = "SharedStateFile.Update (fsync)")]
    public int Update() => SharedStateFile.Update<List<string>>(_lockedFile, Replace).Count;

    [Benchmark(Description = "SharedStateFile.Update (FlushToDisk=false)")]
    public int UpdateWithoutFlush() => SharedStateFile.Update<List<string>>(_lockedFile, Replace, NoFlush).Count;

    private List<string> Replace(List<string> list)
    {
        list[_next++ % Entries] = "entry-" + _next;
        return list;
    }

    private static string FindArtifacts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tractatus.TestIsolation.sln")))
            {
                return Path.Combine(dir.FullName, "artifacts", "bench");
            }
        }

        return Path.Combine(Path.GetTempPath(), "tractatus-bench");
    }
}
