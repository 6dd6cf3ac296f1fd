using Spectre.Console;
using Tractatus.TestIsolation.Tool.Settings;

namespace Tractatus.TestIsolation.Tool.Cli;

/// <summary>
/// Where the tool writes and what it reads from its surroundings: standard output and error (both redacting
/// every password the tool knows of), a Spectre console for tables on standard output, and the environment.
/// </summary>
internal sealed class ToolConsole
{
    private ToolConsole(TextWriter output, TextWriter error, bool outputIsTerminal, int terminalWidth, Func<string, string?> getVariable)
    {
        Redactor = new SecretRedactor();
        Out = new RedactingTextWriter(output, Redactor);
        Error = new RedactingTextWriter(error, Redactor);
        GetVariable = getVariable;
        var useAnsi = outputIsTerminal && string.IsNullOrEmpty(getVariable("NO_COLOR"));
        Tables = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = useAnsi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = useAnsi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Out),
        });

        // Redirected output (CI logs, files) has no width; a wide default keeps a table's rows on one line each.
        Tables.Profile.Width = outputIsTerminal && terminalWidth > 0 ? terminalWidth : 220;
    }

    /// <summary>Masks passwords in everything written to <see cref="Out"/>, <see cref="Error"/> and <see cref="Tables"/>.</summary>
    public SecretRedactor Redactor { get; }

    /// <summary>Standard output: results, tables, JSON.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: progress, warnings, errors.</summary>
    public TextWriter Error { get; }

    /// <summary>Tables for people, written to <see cref="Out"/>.</summary>
    public IAnsiConsole Tables { get; }

    /// <summary>Reads an environment variable (null when unset).</summary>
    public Func<string, string?> GetVariable { get; }

    /// <summary>The process's console and environment.</summary>
    public static ToolConsole FromSystemConsole()
    {
        var width = 0;
        if (!Console.IsOutputRedirected)
        {
            try
            {
                width = Console.WindowWidth;
            }
            catch (IOException)
            {
                // No terminal after all.
            }
        }

        return new ToolConsole(Console.Out, Console.Error, !Console.IsOutputRedirected, width, Environment.GetEnvironmentVariable);
    }

    /// <summary>A console over the given writers and environment (for tests).</summary>
    public static ToolConsole Create(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string> environment) =>
        new(output, error, outputIsTerminal: false, terminalWidth: 0, name => environment.TryGetValue(name, out var value) ? value : null);

    /// <summary>Writes an error line (redacted) to <see cref="Error"/>.</summary>
    public void WriteError(string message)
    {
        Error.WriteLine("tractatus-isolation: error: " + Redactor.Redact(message));
        Error.Flush();
    }

    /// <summary>Writes a warning line (redacted) to <see cref="Error"/>.</summary>
    public void WriteWarning(string message)
    {
        Error.WriteLine("tractatus-isolation: warning: " + Redactor.Redact(message));
        Error.Flush();
    }

    /// <summary>Writes a progress line (redacted) to <see cref="Error"/>, so standard output stays clean for results and JSON.</summary>
    public void WriteProgress(string message)
    {
        Error.WriteLine("tractatus-isolation: " + Redactor.Redact(message));
        Error.Flush();
    }
}
