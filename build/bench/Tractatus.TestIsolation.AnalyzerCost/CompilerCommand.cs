using System.Text;

namespace Tractatus.TestIsolation.AnalyzerCost;

/// <summary>The parts of a logged <c>csc</c> command line needed to rebuild its compilation.</summary>
internal sealed record CompilerCommand(IReadOnlyList<string> Sources, IReadOnlyList<string> References, IReadOnlyList<string> Defines)
{
    /// <summary>Reads the last <c>csc</c> command in an MSBuild log written at detailed verbosity.</summary>
    public static CompilerCommand FromBuildLog(string logPath)
    {
        var line = File.ReadLines(logPath).LastOrDefault(l => l.Contains("/csc ", StringComparison.Ordinal) && l.Contains("/reference:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No csc command line in '{logPath}'. Build with -v:d so MSBuild logs it.");

        var sources = new List<string>();
        var references = new List<string>();
        var defines = new List<string>();
        foreach (var token in Tokenize(line[(line.IndexOf("/csc ", StringComparison.Ordinal) + 5)..]))
        {
            if (token.StartsWith("/reference:", StringComparison.Ordinal))
            {
                references.Add(token["/reference:".Length..]);
            }
            else if (token.StartsWith("/define:", StringComparison.Ordinal))
            {
                defines.AddRange(token["/define:".Length..].Split(';', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (!token.StartsWith('/') && token.EndsWith(".cs", StringComparison.Ordinal))
            {
                sources.Add(token);
            }
        }

        return new CompilerCommand(sources, references, defines);
    }

    // Arguments separated by spaces; double quotes group (paths with spaces) and are dropped.
    private static IEnumerable<string> Tokenize(string commandLine)
    {
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in commandLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }
}
