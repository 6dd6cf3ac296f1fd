using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Tractatus.TestIsolation.AnalyzerCost;
using Tractatus.TestIsolation.RealSuiteScan;

// Usage: RealSuiteScan <analyzers.dll> <references folder> [--internals] [--alias=<assembly>:<alias>]... <tests folder>[:<library sources>[:...]]...
// Prints, per test project, its size, how many compile errors are left (missing packages show up here), every TI
// diagnostic with its line, and any analyzer exception (AD0001).
var flags = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
// extern alias ReferencedDapper; (Hangfire's own tests) needs --alias=Dapper:ReferencedDapper.
var aliases = flags.Where(f => f.StartsWith("--alias=", StringComparison.Ordinal))
    .Select(f => f["--alias=".Length..].Split(':'))
    .Where(parts => parts.Length == 2)
    .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.OrdinalIgnoreCase);
if (positional.Length < 3 || !File.Exists(positional[0]) || !Directory.Exists(positional[1]) ||
    flags.Any(f => f != "--internals" && !f.StartsWith("--alias=", StringComparison.Ordinal)) ||
    aliases.Count != flags.Count(f => f.StartsWith("--alias=", StringComparison.Ordinal)))
{
    Console.Error.WriteLine("usage: RealSuiteScan <analyzers.dll> <references folder> [--internals] [--alias=<assembly>:<alias>]... <tests folder>[:<library sources>]...");
    return 64;
}

var analyzers = new AnalyzerFileReference(Path.GetFullPath(positional[0]), new AnalyzerFileLoader()).GetAnalyzers(LanguageNames.CSharp);
foreach (var suite in positional.Skip(2))
{
    var folders = suite.Split(':');
    if (folders.Any(folder => !Directory.Exists(folder)))
    {
        Console.Error.WriteLine($"RealSuiteScan: '{suite}' names a folder that does not exist.");
        return 66;
    }

    var compilation = SuiteCompilation.Create(folders[0], folders[1..], positional[1], flags.Contains("--internals"), aliases);
    var failures = new ConcurrentQueue<string>();
    var options = new CompilationWithAnalyzersOptions(
        new AnalyzerOptions(SuiteCompilation.SqlFiles(folders[0])),
        (exception, analyzer, diagnostic) => failures.Enqueue($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}"),
        concurrentAnalysis: true,
        logAnalyzerExecutionTime: false);
    var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    var root = Path.GetFullPath(folders[0]);
    var findings = diagnostics
        .Where(d => d.Id.StartsWith("TI", StringComparison.Ordinal) && d.Location.SourceTree?.FilePath.StartsWith(root, StringComparison.Ordinal) == true)
        .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)
        .ToList();
    var lines = compilation.SyntaxTrees.Where(t => t.FilePath.StartsWith(root, StringComparison.Ordinal)).Sum(t => t.GetText().Lines.Count);
    var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
    var crashes = diagnostics.Count(d => d.Id == "AD0001") + failures.Count;
    Console.WriteLine($"=== {folders[0]}: lines={lines} compileErrors={errors} TI={findings.Count} AD0001={crashes}");
    foreach (var finding in findings)
    {
        var span = finding.Location.GetLineSpan();
        var text = finding.Location.SourceTree!.GetText().Lines[span.StartLinePosition.Line].ToString().Trim();
        Console.WriteLine($"{finding.Id} {Path.GetRelativePath(root, span.Path)}:{span.StartLinePosition.Line + 1}: {text}");
        Console.WriteLine($"    {finding.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    foreach (var failure in failures)
    {
        Console.WriteLine("AD0001 " + failure);
    }
}

return 0;
