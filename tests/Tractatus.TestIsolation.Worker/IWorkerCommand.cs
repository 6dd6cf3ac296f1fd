namespace Tractatus.TestIsolation.Worker;

/// <summary>One thing a child process can be asked to do; found by reflection, selected by <see cref="Name"/>.</summary>
public interface IWorkerCommand
{
    /// <summary>The first command-line argument that selects this command.</summary>
    string Name { get; }

    /// <summary>Runs the command with the remaining arguments; the return value is the exit code.</summary>
    Task<int> RunAsync(string[] args);
}
