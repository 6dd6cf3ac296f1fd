using System.CommandLine;
using Tractatus.TestIsolation.Tool.Reporting;
using Tractatus.TestIsolation.Tool.Settings;
using Tractatus.TestIsolation.Tool.Targets;

namespace Tractatus.TestIsolation.Tool.Cli;

/// <summary><c>list [targets] [--json]</c>: every session-owned resource with its owner and state.</summary>
internal sealed class ListCommand
{
    private readonly ToolConsole _console;
    private readonly TargetOptions _targets = new();
    private readonly Option<bool> _json = new("--json") { Description = "Write JSON for scripts instead of a table." };

    private ListCommand(ToolConsole console)
    {
        _console = console;
        Command = new Command("list", "List every session-owned database, database file and state folder on the targets, with owner and state (live / expired / unleased).");
        _targets.AddTo(Command);
        Command.Options.Add(_json);
        Command.SetAction((parse, cancellationToken) => ExecuteAsync(parse, cancellationToken));
    }

    public Command Command { get; }

    public static ListCommand Create(ToolConsole console) => new(console);

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = SettingsResolver.Resolve(_targets.Read(parse), _console.GetVariable, _console.Redactor, SettingsResolver.SqliteDefault.WhenNothingElse);
        await using var targets = await TargetSet.OpenAsync(settings.Targets, _console).ConfigureAwait(false);
        if (targets is null)
        {
            return ExitCodes.Usage;
        }

        var (resources, failures) = await targets.ListAsync(onlySessionId: null, cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(_json))
        {
            JsonReport.WriteList(targets, resources, failures, _console);
        }
        else
        {
            ResourceTable.WriteList(targets, resources, _console);
        }

        foreach (var failure in failures)
        {
            _console.WriteError($"{failure.Target} {failure.Location} (from {failure.Source}): {failure.Message}");
        }

        return failures.Count == 0 ? ExitCodes.Success : ExitCodes.Usage;
    }
}
