using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.MongoDB;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;
using Tractatus.TestIsolation.Tool.Reporting;
using Tractatus.TestIsolation.Tool.Running;
using Tractatus.TestIsolation.Tool.Settings;
using Tractatus.TestIsolation.Tool.Targets;

namespace Tractatus.TestIsolation.Tool.Cli;

/// <summary><c>run [targets] [--lease-ttl S] -- command...</c>: one session for everything the command starts, cleaned up when it ends.</summary>
internal sealed class RunCommand
{
    private readonly ToolConsole _console;
    private readonly TargetOptions _targets = new();
    private readonly Option<double?> _leaseTtl = new("--lease-ttl")
    {
        Description = $"Lease time to live of the session's resources, in seconds (1-86400): how long a crashed run's leftovers linger. Default: ${TestSessionOptions.LeaseTimeToLiveVariable}, else the library's default (300).",
        HelpName = "seconds",
    };

    private readonly Argument<string[]> _command = new("command")
    {
        Description = "The command to run and its arguments, after --.",
        Arity = ArgumentArity.OneOrMore,
    };

    private RunCommand(ToolConsole console)
    {
        _console = console;
        Command = new Command("run", "Run a command as one isolated test session, then drop whatever the session left and print a summary.");
        _targets.AddTo(Command);
        Command.Options.Add(_leaseTtl);
        Command.Arguments.Add(_command);
        Command.SetAction((parse, _) => ExecuteAsync(parse));
    }

    public Command Command { get; }

    public static RunCommand Create(ToolConsole console) => new(console);

    private async Task<int> ExecuteAsync(ParseResult parse)
    {
        var settings = SettingsResolver.Resolve(_targets.Read(parse, parse.GetValue(_leaseTtl)), _console.GetVariable, _console.Redactor, SettingsResolver.SqliteDefault.Always);
        var command = parse.GetValue(_command) ?? [];

        TestSessionOptions sessionOptions;
        try
        {
            sessionOptions = TestSessionOptions.FromEnvironment();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new SettingsException(ex.Message, ex);
        }

        if (settings.LeaseTimeToLive is { } ttl)
        {
            sessionOptions = sessionOptions with { Lease = sessionOptions.Lease with { TimeToLive = ttl } };
        }

        // Every target must answer before the command starts: a run that cannot clean up must not begin.
        await using var targets = await TargetSet.OpenAsync(settings.Targets, _console).ConfigureAwait(false);
        if (targets is null)
        {
            return ExitCodes.Usage;
        }

        using var signals = SignalRelay.Register(_console);
        var session = TestSession.Start(sessionOptions);
        var started = DateTimeOffset.UtcNow;
        _console.WriteProgress($"session {session.Id}: running {Describe(command)}");

        ChildOutcome outcome;
        await using (var watch = RunWatch.Start(targets, session, _console))
        {
            outcome = await ChildProcessRunner.RunAsync(command, ChildEnvironment(session, settings), signals).ConfigureAwait(false);
        }

        if (!outcome.Started)
        {
            _console.WriteError(outcome.StartError ?? "the command could not be started.");
        }

        var cleanup = await targets.CleanUpSessionAsync(session.Id).ConfigureAwait(false);
        var report = new RunReport(session.Id, Describe(command), started, outcome, cleanup);
        RunReportWriter.WriteConsole(report, _console);
        StepSummaryWriter.TryAppend(report, _console);
        return outcome.ExitCode;
    }

    /// <summary>The session id, and every setting the tool was given as an option, so the command's processes use the same targets.</summary>
    private static Dictionary<string, string> ChildEnvironment(TestSession session, ToolSettings settings)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [TestSessionOptions.SessionIdVariable] = session.Id };
        foreach (var target in settings.Targets)
        {
            switch (target.Kind)
            {
                case TargetKind.PostgreSql:
                    environment[PostgreSqlProviderOptions.ConnectionStringVariable] = target.Value;
                    break;
                case TargetKind.MongoDB:
                    environment[MongoProviderOptions.ConnectionStringVariable] = target.Value;
                    break;
                case TargetKind.Sqlite:
                    // Always exported: the tool cleans up this folder, so the tests must use this one.
                    environment[SqliteProviderOptions.FolderVariable] = target.Value;
                    break;
                case TargetKind.StateDirectory:
                    break;
            }
        }

        if (settings.LeaseTimeToLive is { } ttl)
        {
            environment[TestSessionOptions.LeaseTimeToLiveVariable] = ttl.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return environment;
    }

    private static string Describe(IReadOnlyList<string> command) =>
        string.Join(' ', command.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? "\"" + a + "\"" : a));
}
