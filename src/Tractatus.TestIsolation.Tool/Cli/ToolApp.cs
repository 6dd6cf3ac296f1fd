using System.CommandLine;
using Tractatus.TestIsolation.Tool.Settings;

namespace Tractatus.TestIsolation.Tool.Cli;

/// <summary>The <c>tractatus-isolation</c> command line: parsing, help, and the exit code of a bad command line.</summary>
internal static class ToolApp
{
    public static async Task<int> RunAsync(string[] args, ToolConsole console)
    {
        var root = new RootCommand(
            "Runs a command (e.g. dotnet test) as one isolated test session and cleans up after it, lists every session-owned "
            + "database and state folder on a server with its owner and state, and sweeps what crashed runs left behind.");
        var run = RunCommand.Create(console);
        var list = ListCommand.Create(console);
        var sweep = SweepCommand.Create(console);
        root.Subcommands.Add(run.Command);
        root.Subcommands.Add(list.Command);
        root.Subcommands.Add(sweep.Command);
        HelpWithExamples.Install(root, new Dictionary<Command, string>
        {
            [root] = HelpTexts.Root,
            [run.Command] = HelpTexts.Run,
            [list.Command] = HelpTexts.List,
            [sweep.Command] = HelpTexts.Sweep,
        });

        // The words after "--" go to the child as written: no @response-file expansion.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            foreach (var error in parse.Errors)
            {
                console.WriteError(error.Message);
            }

            var name = parse.CommandResult.Command == root ? string.Empty : " " + parse.CommandResult.Command.Name;
            console.Error.WriteLine($"Run 'tractatus-isolation{name} --help' for usage and examples.");
            console.Error.Flush();
            return ExitCodes.Usage;
        }

        try
        {
            // Signals are the run command's business (it passes them to its child); the library must not end the process.
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                ProcessTerminationTimeout = null,
                EnableDefaultExceptionHandler = false,
            }).ConfigureAwait(false);
        }
        catch (SettingsException ex)
        {
            console.WriteError(ex.Message);
            return ExitCodes.Usage;
        }
        finally
        {
            console.Out.Flush();
            console.Error.Flush();
        }
    }
}
