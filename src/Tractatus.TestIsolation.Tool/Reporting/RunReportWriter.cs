using System.Globalization;
using Spectre.Console;
using Tractatus.TestIsolation.Tool.Cli;

namespace Tractatus.TestIsolation.Tool.Reporting;

/// <summary>The end-of-run summary on the console: one table, one row per target, then any problems.</summary>
internal static class RunReportWriter
{
    public static void WriteConsole(RunReport report, ToolConsole console)
    {
        var table = new Table().Title($"tractatus-isolation run: session {report.SessionId}")
            .AddColumn("target").AddColumn("location")
            .AddColumn(new TableColumn("created").RightAligned())
            .AddColumn(new TableColumn("dropped by tests").RightAligned())
            .AddColumn(new TableColumn("dropped by tool").RightAligned())
            .AddColumn(new TableColumn("left").RightAligned());
        foreach (var target in report.Targets)
        {
            table.AddRow(
                Markup.Escape(target.Kind),
                Markup.Escape(console.Redactor.Redact(target.Location)),
                Count(target.Created.Count),
                Count(target.DroppedByCommand),
                Count(target.DroppedByTool.Count),
                target.Left.Count == 0 ? "0" : $"[red]{target.Left.Count}[/]");
        }

        console.Tables.WriteLine();
        console.Tables.Write(table);
        console.Tables.MarkupLine($"command: {Markup.Escape(console.Redactor.Redact(report.Command))}");
        console.Tables.MarkupLine($"exit code {Markup.Escape(Formats.ExitCode(report.Outcome))}, duration {Formats.Duration(report.Outcome.Duration)}, left {report.LeftCount}");
        foreach (var target in report.Targets)
        {
            foreach (var name in target.Left)
            {
                console.WriteWarning($"left on {target.Kind} {target.Location}: {name}");
            }

            foreach (var problem in target.Problems)
            {
                console.WriteWarning($"{target.Kind} {target.Location}: {problem}");
            }
        }

        console.Out.Flush();
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
