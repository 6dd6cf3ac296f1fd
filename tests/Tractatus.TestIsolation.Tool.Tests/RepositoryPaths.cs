namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>Where the repository and the test child program are.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The child program built next to the tests (same configuration).</summary>
    public static string ChildDll
    {
        get
        {
            // This assembly is in bin/<configuration>/net10.0/.
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var path = Path.Combine(Root, "tests", "Tractatus.TestIsolation.Tool.Child", "bin", configuration, "net10.0", "Tractatus.TestIsolation.Tool.Child.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing; build the solution first.", path);
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

        throw new InvalidOperationException($"Tractatus.TestIsolation.sln not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
