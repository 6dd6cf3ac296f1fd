namespace Tractatus.TestIsolation.Analyzers.Tests.Packaging;

/// <summary>
/// The repository checkout the tests run from, found by walking up from the test binaries to the
/// solution file, so documentation and packaging tests read the real files, not copies.
/// </summary>
public static class RepositoryRoot
{
    private const string SolutionFile = "Tractatus.TestIsolation.sln";

    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The absolute path of the directory that holds the solution file.</summary>
    public static string Path => Root.Value;

    /// <summary>A path under the repository root, from '/'-separated segments.</summary>
    public static string Combine(params string[] relative) =>
        System.IO.Path.Combine(new[] { Path }.Concat(relative).ToArray());

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No {SolutionFile} above {AppContext.BaseDirectory}. These tests read the repository's docs and " +
            "projects; run them from a checkout (dotnet test tests/Tractatus.TestIsolation.Analyzers.Tests).");
    }
}
