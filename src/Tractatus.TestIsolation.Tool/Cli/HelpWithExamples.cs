using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Tractatus.TestIsolation.Tool.Cli;

/// <summary>The library's help, followed by examples for the command asked about and what the exit codes mean.</summary>
internal sealed class HelpWithExamples(HelpAction standard, IReadOnlyDictionary<Command, string> examples) : SynchronousCommandLineAction
{
    /// <summary>Like the standard help: "--help" wins over a missing argument.</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var result = standard.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out var text))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(text.TrimEnd());
            output.WriteLine();
        }

        return result;
    }

    /// <summary>Replaces the help action of every command's help option with one that adds <paramref name="examples"/>.</summary>
    public static void Install(RootCommand root, IReadOnlyDictionary<Command, string> examples)
    {
        foreach (var option in root.Options)
        {
            if (option is HelpOption help && help.Action is HelpAction standard)
            {
                help.Action = new HelpWithExamples(standard, examples);
            }
        }
    }
}
