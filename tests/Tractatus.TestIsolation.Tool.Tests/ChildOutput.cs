namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>What the test child program (tests/Tractatus.TestIsolation.Tool.Child) printed: its session and the databases it created.</summary>
internal sealed record ChildOutput(string SessionId, IReadOnlyList<(string Provider, string Name)> Databases)
{
    public static ChildOutput Parse(string standardOutput)
    {
        var lines = standardOutput.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var session = lines.FirstOrDefault(l => l.StartsWith("SESSION ", StringComparison.Ordinal))?["SESSION ".Length..]
            ?? throw new InvalidOperationException("The child printed no SESSION line:\n" + standardOutput);
        var databases = lines.Where(l => l.StartsWith("CREATED ", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .Select(p => (p[1], p[2]))
            .ToList();
        return new ChildOutput(session, databases);
    }

    public IEnumerable<string> Names(string provider) => Databases.Where(d => d.Provider == provider).Select(d => d.Name);

    /// <summary>The arguments that run the child under the tool: <c>dotnet child.dll providers prefix then</c>.</summary>
    public static string[] Command(string providers, string prefix, string then) => ["dotnet", RepositoryPaths.ChildDll, providers, prefix, then];
}
