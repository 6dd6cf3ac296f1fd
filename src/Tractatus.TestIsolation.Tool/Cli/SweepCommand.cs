using System.CommandLine;
using Tractatus.TestIsolation.Tool.Reporting;
using Tractatus.TestIsolation.Tool.Settings;
using Tractatus.TestIsolation.Tool.Targets;

namespace Tractatus.TestIsolation.Tool.Cli;

/// <summary><c>sweep [targets] [--dry-run] [--json]</c>: removes what expired, item by item, with the library's safety rules.</summary>
internal sealed class SweepCommand
{
    private readonly ToolConsole _console;
    private readonly TargetOptions _targets = new();
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Show what would be removed; remove nothing." };
    private readonly Option<bool> _json = new("--json") { Description = "Write JSON for scripts instead of a table." };

    private SweepCommand(ToolConsole console)
    {
        _console = console;
        Command = new Command("sweep", "Remove session-owned resources whose lease expired and whose owner is gone; never a live or unleased one.");
        _targets.AddTo(Command);
        Command.Options.Add(_dryRun);
        Command.Options.Add(_json);
        Command.SetAction((parse, cancellationToken) => ExecuteAsync(parse, cancellationToken));
    }

    public Command Command { get; }

    public static SweepCommand Create(ToolConsole console) => new(console);

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = SettingsResolver.Resolve(_targets.Read(parse), _console.GetVariable, _console.Redactor, SettingsResolver.SqliteDefault.WhenNothingElse);
        await using var targets = await TargetSet.OpenAsync(settings.Targets, _console).ConfigureAwait(false);
        if (targets is null)
        {
            return ExitCodes.Usage;
        }

        var dryRun = parse.GetValue(_dryRun);
        var (items, failures) = await targets.SweepAsync(dryRun, item => ReportProgress(item, dryRun), cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(_json))
        {
            JsonReport.WriteSweep(targets, items, failures, dryRun, _console);
        }
        else
        {
            ResourceTable.WriteSweep(targets, items, dryRun, _console);
        }

        foreach (var failure in failures)
        {
            _console.WriteError($"{failure.Target} {failure.Location} (from {failure.Source}): {failure.Message}");
        }

        if (failures.Count > 0)
        {
            return ExitCodes.Usage;
        }

        return items.Any(i => i.Action == SweepItemView.Failed) ? ExitCodes.Incomplete : ExitCodes.Success;
    }

    // On standard error, one line per item as it is decided: a long sweep shows progress, and stdout stays the result.
    private void ReportProgress(SweepItemView item, bool dryRun)
    {
        if (item.Action is SweepItemView.Dropped or SweepItemView.WouldDrop or SweepItemView.Failed)
        {
            _console.WriteProgress($"{(dryRun ? "[dry run] " : string.Empty)}{item.Action} {item.Resource.Target} {item.Resource.Name}: {item.Reason}");
        }
    }
}
