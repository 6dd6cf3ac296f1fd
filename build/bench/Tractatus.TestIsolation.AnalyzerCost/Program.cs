using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Tractatus.TestIsolation.AnalyzerCost;

// Usage: AnalyzerCost <build log> <project dir> <iterations> <ours.dll> <other.dll>
// Rebuilds the logged compilation and runs both analyzer assemblies on it <iterations> times in this process, on
// one thread: iteration 1 pays JIT and first-use costs (as every command-line build without the compiler server
// does), later ones are warm. Prints one markdown row per iteration: seconds per assembly and their ratio.
if (args.Length != 5 || !int.TryParse(args[2], out var iterations) || iterations < 1)
{
    Console.Error.WriteLine("usage: AnalyzerCost <build log> <project dir> <iterations (>= 1)> <ours.dll> <other.dll>");
    return 64;
}

if (!File.Exists(args[0]) || !Directory.Exists(args[1]) || !File.Exists(args[3]) || !File.Exists(args[4]))
{
    Console.Error.WriteLine("AnalyzerCost: the build log, the project folder and both analyzer dlls must exist; got: " + string.Join(" ", args));
    return 66;
}

var command = CompilerCommand.FromBuildLog(args[0]);
var projectDirectory = Path.GetFullPath(args[1]);
var parseOptions = new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: command.Defines);
var trees = command.Sources
    .Select(source => Path.GetFullPath(source, projectDirectory))
    .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parseOptions, path))
    .ToImmutableArray();
var references = command.References.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
var assemblies = new[] { args[3], args[4] }
    .Select(path => (Name: Path.GetFileNameWithoutExtension(path), Analyzers: new AnalyzerFileReference(Path.GetFullPath(path), new AnalyzerFileLoader()).GetAnalyzers(LanguageNames.CSharp)))
    .ToArray();
var all = assemblies.SelectMany(a => a.Analyzers).ToImmutableArray();

Console.WriteLine($"| Iteration | {assemblies[0].Name} (s) | {assemblies[1].Name} (s) | Ratio | Diagnostics |");
Console.WriteLine("|---|---:|---:|---:|---:|");
for (var iteration = 1; iteration <= iterations; iteration++)
{
    // A new compilation each time: every per-compilation cache of the analyzers starts empty.
    var compilation = CSharpCompilation.Create("BenchSuite", trees, references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    var withAnalyzers = compilation.WithAnalyzers(all, new CompilationWithAnalyzersOptions(
        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
    var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();

    var seconds = new double[2];
    for (var i = 0; i < 2; i++)
    {
        foreach (var analyzer in assemblies[i].Analyzers)
        {
            seconds[i] += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalSeconds;
        }
    }

    Console.WriteLine($"| {iteration} | {seconds[0]:F3} | {seconds[1]:F3} | {seconds[0] / seconds[1]:F2} | {diagnostics.Length} |");
}

return 0;
