using System.Globalization;
using Spectre.Console;
using Tractatus.TestIsolation.Tool.Cli;
using Tractatus.TestIsolation.Tool.Targets;

namespace Tractatus.TestIsolation.Tool.Reporting;

/// <summary>The tables <c>list</c> and <c>sweep</c> show people: one per target.</summary>
internal static class ResourceTable
{
    public static void WriteList(TargetSet targets, IReadOnlyList<ResourceView> resources, ToolConsole console)
    {
        foreach (var target in targets.Targets)
        {
            var rows = resources.Where(r => r.Target == target.Kind && r.Location == target.Location).ToList();
            var table = NewTable(target, rows.Count, "resource(s)")
                .AddColumn("name").AddColumn("session").AddColumn("state").AddColumn("host").AddColumn(new TableColumn("pid").RightAligned())
                .AddColumn("user").AddColumn("CI job").AddColumn("started").AddColumn("last heartbeat").AddColumn("detail");
            foreach (var r in rows)
            {
                table.AddRow(
                    Cell(r.Name), Cell(r.SessionId), State(r.State), Cell(r.Host), Cell(r.ProcessId?.ToString(CultureInfo.InvariantCulture)),
                    Cell(r.User), Cell(r.CiJob), Cell(Formats.Time(r.StartedAt)), Cell(Formats.Time(r.HeartbeatAt)), Cell(console.Redactor.Redact(r.Detail)));
            }

            Write(table, rows.Count, console);
        }

        console.Out.Flush();
    }

    public static void WriteSweep(TargetSet targets, IReadOnlyList<SweepItemView> items, bool dryRun, ToolConsole console)
    {
        foreach (var target in targets.Targets)
        {
            var rows = items.Where(i => i.Resource.Target == target.Kind && i.Resource.Location == target.Location).ToList();
            var table = NewTable(target, rows.Count, dryRun ? "resource(s), dry run: nothing removed" : "resource(s)")
                .AddColumn("name").AddColumn("session").AddColumn("state").AddColumn("action").AddColumn("reason");
            foreach (var item in rows)
            {
                table.AddRow(Cell(item.Resource.Name), Cell(item.Resource.SessionId), State(item.Resource.State), Action(item.Action), Cell(console.Redactor.Redact(item.Reason)));
            }

            Write(table, rows.Count, console);
        }

        var count = (string action) => items.Count(i => i.Action == action);
        console.Tables.MarkupLine(dryRun
            ? $"dry run: {count(SweepItemView.WouldDrop)} would be dropped, {count(SweepItemView.KeptLive)} kept (live), {count(SweepItemView.Ignored)} ignored, {count(SweepItemView.Failed)} failed"
            : $"{count(SweepItemView.Dropped)} dropped, {count(SweepItemView.KeptLive)} kept (live), {count(SweepItemView.Ignored)} ignored, {count(SweepItemView.Failed)} failed");
        console.Out.Flush();
    }

    private static Table NewTable(SessionTarget target, int count, string what) =>
        new Table().Title($"{Markup.Escape(target.Kind)} {Markup.Escape(target.Location)}: {count.ToString(CultureInfo.InvariantCulture)} {what}");

    private static void Write(Table table, int rows, ToolConsole console)
    {
        if (rows == 0)
        {
            console.Tables.MarkupLine($"{table.Title?.Text ?? string.Empty}");
            return;
        }

        console.Tables.Write(table);
    }

    private static string Cell(string? value) => Markup.Escape(string.IsNullOrEmpty(value) ? "-" : value);

    private static string State(string state) => state switch
    {
        "live" => "[green]live[/]",
        "expired" => "[yellow]expired[/]",
        _ => Markup.Escape(state),
    };

    private static string Action(string action) => action switch
    {
        SweepItemView.Dropped => "[yellow]dropped[/]",
        SweepItemView.Failed => "[red]failed[/]",
        _ => Markup.Escape(action),
    };
}
