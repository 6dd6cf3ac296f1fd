using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

/// <summary>
/// The README's runtime quick start shows, per test framework, the whole test file of that framework's sample in
/// samples/IsolatedSuites/. The consumer tests (build/consumer-tests.sh, run by build/test.sh) build and run those
/// samples from the packed packages, so a snippet that matches its file compiles and works.
/// </summary>
public sealed class ReadmeRuntimeSnippetTests
{
    private static readonly string[] Frameworks = ["xunit2", "xunit3", "nunit", "mstest", "tunit"];

    [Fact]
    public void Each_framework_snippet_is_its_sample_file_verbatim()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var snippets = Regex.Matches(readme, @"^```csharp\n// (samples/IsolatedSuites/[a-z0-9]+/DocumentTests\.cs)\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.TrimEnd());

        snippets.Keys.Order().ShouldBe(Frameworks.Select(f => $"samples/IsolatedSuites/{f}/DocumentTests.cs").Order(), "one README snippet per framework sample");
        foreach (var (path, snippet) in snippets)
        {
            var sample = File.ReadAllText(Path.Combine(root, path)).ReplaceLineEndings("\n").TrimEnd();
            snippet.ShouldBe(sample, $"the README block for {path} differs from the file; copy the file into the README");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tractatus.TestIsolation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Tractatus.TestIsolation.sln above {AppContext.BaseDirectory}.");
    }
}
