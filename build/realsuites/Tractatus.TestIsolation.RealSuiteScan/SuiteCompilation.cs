using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Tractatus.TestIsolation.RealSuiteScan;

/// <summary>
/// One test project's sources compiled the way its build would: the SDK's implicit usings and the project's
/// <c>&lt;Using&gt;</c> items, the framework and ASP.NET Core reference packs, the packages built into the
/// references folder, and the sources of libraries it references as projects. Named after its project file, so a
/// library's <c>InternalsVisibleTo</c> reaches it.
/// </summary>
internal static partial class SuiteCompilation
{
    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
        "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    public static CSharpCompilation Create(
        string testsFolder, IReadOnlyList<string> libraryFolders, string referencesFolder, bool ignoreAccessibility, IReadOnlyDictionary<string, string> aliases)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = SourceFiles(testsFolder).Concat(libraryFolders.SelectMany(SourceFiles))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parseOptions, path))
            .ToList();
        trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings + "\n" + string.Join("\n", ProjectUsings(testsFolder)), parseOptions, "/implicit/GlobalUsings.g.cs"));

        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        if (ignoreAccessibility)
        {
            options = IgnoringAccessibility(options);
        }

        var projectName = Directory.EnumerateFiles(testsFolder, "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).FirstOrDefault() ?? "Suite";
        return CSharpCompilation.Create(projectName, trees, References(referencesFolder, aliases), options);
    }

    /// <summary>The project's <c>.sql</c> files, which the rules read as embedded scripts.</summary>
    public static ImmutableArray<AdditionalText> SqlFiles(string testsFolder) =>
        Directory.EnumerateFiles(testsFolder, "*.sql", SearchOption.AllDirectories)
            .Select(path => (AdditionalText)new FileText(path)).ToImmutableArray();

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    // <Using Include="Xunit" /> and <Using Include="X" Static="true" /> become global usings, as the SDK does.
    private static IEnumerable<string> ProjectUsings(string folder) =>
        Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories)
            .SelectMany(project => UsingItem().Matches(File.ReadAllText(project)))
            .Select(match => (match.Groups["static"].Success ? "global using static " : "global using ") + match.Groups["name"].Value + ";")
            .Distinct(StringComparer.Ordinal);

    private static List<MetadataReference> References(string referencesFolder, IReadOnlyDictionary<string, string> aliases)
    {
        var packs = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "packs");
        return ReferencePack(packs, "Microsoft.NETCore.App.Ref")
            .Concat(ReferencePack(packs, "Microsoft.AspNetCore.App.Ref"))
            .Concat(Directory.GetFiles(referencesFolder, "*.dll").Where(path => Path.GetFileName(path) != "References.dll"))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(group => (MetadataReference)MetadataReference.CreateFromFile(group.First(),
                aliases.TryGetValue(Path.GetFileNameWithoutExtension(group.Key), out var alias) ? new MetadataReferenceProperties(aliases: ["global", alias]) : default))
            .ToList();
    }

    private static IEnumerable<string> ReferencePack(string packs, string name)
    {
        var versions = Path.Combine(packs, name);
        if (!Directory.Exists(versions))
        {
            throw new DirectoryNotFoundException($"The reference pack {name} is not under {Path.GetFullPath(packs)}; run the scan with the .NET SDK that built it.");
        }

        var latest = Directory.GetDirectories(versions).Order(StringComparer.Ordinal).Last();
        return Directory.GetFiles(Path.Combine(latest, "ref", "net10.0"), "*.dll");
    }

    // Signed libraries grant InternalsVisibleTo by public key, which this unsigned compilation cannot match; the
    // compiler's own switch for debuggers and scripting lets it see internals as the real test project does.
    private static CSharpCompilationOptions IgnoringAccessibility(CSharpCompilationOptions options)
    {
        options = options.WithMetadataImportOptions(MetadataImportOptions.All);
        var flags = typeof(CSharpCompilationOptions).Assembly.GetType("Microsoft.CodeAnalysis.CSharp.BinderFlags", throwOnError: true)!;
        var with = typeof(CSharpCompilationOptions).GetMethod("WithTopLevelBinderFlags", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
                   ?? throw new MissingMethodException("CSharpCompilationOptions.WithTopLevelBinderFlags is gone from this Roslyn; scan without --internals.");
        return (CSharpCompilationOptions)with.Invoke(options, [Enum.Parse(flags, "IgnoreAccessibility")])!;
    }

    [GeneratedRegex("<Using\\s+Include=\"(?<name>[^\"]+)\"(?<static>\\s+Static=\"true\")?")]
    private static partial Regex UsingItem();

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path => path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
            Microsoft.CodeAnalysis.Text.SourceText.From(File.ReadAllText(path));
    }
}
