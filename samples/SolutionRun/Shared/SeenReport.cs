using Tractatus.TestIsolation;

namespace SolutionRun;

/// <summary>Writes what a test saw (project, session id, database) to $SOLUTIONRUN_REPORT_DIR, when set.</summary>
public static class SeenReport
{
    public static void Write(string project, TestSession session, string provider, string databaseName)
    {
        var folder = Environment.GetEnvironmentVariable("SOLUTIONRUN_REPORT_DIR");
        if (string.IsNullOrWhiteSpace(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        File.AppendAllText(
            Path.Combine(folder, $"{project}-{Environment.ProcessId}.txt"),
            $"{project} {session.Id} {provider} {databaseName}{Environment.NewLine}");
    }
}
