using System.Text.Json;
using System.Text.Json.Serialization;
using Tractatus.TestIsolation.Tool.Cli;
using Tractatus.TestIsolation.Tool.Targets;

namespace Tractatus.TestIsolation.Tool.Reporting;

/// <summary>The <c>--json</c> output of <c>list</c> and <c>sweep</c>: one document on standard output.</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void WriteList(TargetSet targets, IReadOnlyList<ResourceView> resources, IReadOnlyList<TargetFailure> failures, ToolConsole console) =>
        Write(new { targets = Describe(targets), resources, errors = failures }, console);

    public static void WriteSweep(TargetSet targets, IReadOnlyList<SweepItemView> items, IReadOnlyList<TargetFailure> failures, bool dryRun, ToolConsole console) =>
        Write(new { dryRun, targets = Describe(targets), items, errors = failures }, console);

    private static object[] Describe(TargetSet targets) =>
        targets.Targets.Select(t => (object)new { target = t.Kind, location = t.Location, source = t.Setting.Source }).ToArray();

    private static void Write(object document, ToolConsole console)
    {
        console.Out.WriteLine(JsonSerializer.Serialize(document, Options));
        console.Out.Flush();
    }
}
