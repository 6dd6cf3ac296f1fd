using System.Xml.Linq;

namespace Tractatus.TestIsolation.Analyzers.Tests.Packaging;

/// <summary>
/// The .nupkg a user installs: analyzers only (no lib/ that would become a compile reference),
/// a development dependency, README and license inside, and dlls the oldest supported compiler loads.
/// </summary>
public sealed class PackageContentTests : IClassFixture<PackedPackageFixture>
{
    private const string AnalyzerFolder = "analyzers/dotnet/cs/";
    private readonly PackedPackageFixture _package;

    public PackageContentTests(PackedPackageFixture package) => _package = package;

    [Fact]
    public void Both_assemblies_are_under_analyzers_dotnet_cs()
    {
        _package.EntryNames.ShouldContain(AnalyzerFolder + "Tractatus.TestIsolation.Analyzers.dll");
        _package.EntryNames.ShouldContain(AnalyzerFolder + "Tractatus.TestIsolation.CodeFixes.dll");
    }

    [Fact]
    public void Package_has_no_library_or_build_assets()
    {
        var misplaced = _package.EntryNames
            .Where(n => n.StartsWith("lib/", StringComparison.Ordinal) || n.StartsWith("ref/", StringComparison.Ordinal) || n.StartsWith("runtimes/", StringComparison.Ordinal))
            .ToList();

        misplaced.ShouldBeEmpty("An analyzer package must not add assembly references to the consuming project.");
        _package.EntryNames.Where(n => n.EndsWith(".dll", StringComparison.Ordinal) && !n.StartsWith(AnalyzerFolder, StringComparison.Ordinal))
            .ShouldBeEmpty();
    }

    [Fact]
    public void Package_carries_readme_and_license()
    {
        _package.EntryNames.ShouldContain("README.md");
        _package.EntryNames.ShouldContain("LICENSE");
        _package.ReadEntry("README.md").Length.ShouldBeGreaterThan(1000, "The packed README should be the repository's README, not a stub.");
    }

    [Fact]
    public void Nuspec_marks_a_development_dependency_without_dependencies()
    {
        var nuspec = Nuspec();
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        metadata.Element(ns + "id")!.Value.ShouldBe(PackedPackageFixture.PackageId);
        metadata.Element(ns + "developmentDependency")?.Value.ShouldBe("true");
        metadata.Element(ns + "developmentDependency").ShouldNotBeNull("Without developmentDependency the analyzers flow to the consumer's consumers.");
        metadata.Element(ns + "readme")?.Value.ShouldBe("README.md");
        metadata.Element(ns + "license")?.Value.ShouldBe("MIT");
        metadata.Element(ns + "repository")?.Attribute("url")?.Value.ShouldStartWith("https://");
        metadata.Element(ns + "dependencies").ShouldBeNull("Roslyn is provided by the compiler; the package must not depend on it.");
    }

    [Fact]
    public void Packed_assemblies_compile_against_the_roslyn_baseline()
    {
        foreach (var dll in new[] { "Tractatus.TestIsolation.Analyzers.dll", "Tractatus.TestIsolation.CodeFixes.dll" })
        {
            var references = AssemblyReferences.Read(_package.ReadEntry(AnalyzerFolder + dll));
            references.TargetFramework.ShouldBe(".NETStandard,Version=v2.0", dll);
            AnalyzerAssemblyTests.AssertRoslynBaseline(references, dll);
        }
    }

    private XDocument Nuspec()
    {
        var name = _package.EntryNames.Single(n => n.EndsWith(".nuspec", StringComparison.Ordinal) && !n.Contains('/'));
        return XDocument.Parse(System.Text.Encoding.UTF8.GetString(_package.ReadEntry(name)).TrimStart('\uFEFF'));
    }
}
