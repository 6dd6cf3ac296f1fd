using System.Globalization;
using System.Text;
using Tractatus.TestIsolation.Tool.Cli;

namespace Tractatus.TestIsolation.Tool.Reporting;

/// <summary>Appends the run summary as a Markdown table to <c>$GITHUB_STEP_SUMMARY</c> (GitHub Actions' job summary), when it is set.</summary>
internal static class StepSummaryWriter
{
    public const string Variable = "GITHUB_STEP_SUMMARY";

    public static void TryAppend(RunReport report, ToolConsole console)
    {
        var path = console.GetVariable(Variable);
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        try
        {
            File.AppendAllText(path, console.Redactor.Redact(ToMarkdown(report)), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.WriteWarning($"could not append the summary to ${Variable} ({path}): {ex.Message}");
        }
    }

    public static string ToMarkdown(RunReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Test isolation: session `{report.SessionId}`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{Cell(report.Command)}` exited with **{Cell(Formats.ExitCode(report.Outcome))}** after {Formats.Duration(report.Outcome.Duration)}.");
        text.AppendLine();
        text.AppendLine("| target | location | created | dropped by tests | dropped by tool | left |");
        text.AppendLine("|---|---|--:|--:|--:|--:|");
        foreach (var target in report.Targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {target.Kind} | {Cell(target.Location)} | {target.Created.Count} | {target.DroppedByCommand} | {target.DroppedByTool.Count} | {(target.Left.Count == 0 ? "0" : $"**{target.Left.Count}**")} |");
        }

        foreach (var target in report.Targets.Where(t => t.Left.Count > 0))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Left on {target.Kind} {Cell(target.Location)} (a later `tractatus-isolation sweep` removes them once their leases expire): {string.Join(", ", target.Left.Select(n => "`" + n + "`"))}");
        }

        text.AppendLine();
        return text.ToString();
    }

    // A pipe or a line break would end the table cell early.
    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Replace('`', '\'');
}
