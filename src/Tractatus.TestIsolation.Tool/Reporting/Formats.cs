using System.Globalization;

namespace Tractatus.TestIsolation.Tool.Reporting;

/// <summary>How durations and times read in tables and summaries, the same everywhere.</summary>
internal static class Formats
{
    public static string Duration(TimeSpan duration) => duration.TotalSeconds < 60
        ? duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : $"{(int)duration.TotalMinutes} min {duration.Seconds} s";

    public static string Time(DateTimeOffset? time) => time is null ? "-" : time.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string ExitCode(Running.ChildOutcome outcome)
    {
        var code = outcome.ExitCode.ToString(CultureInfo.InvariantCulture);
        if (!outcome.Started)
        {
            return code + " (not started)";
        }

        // 128 + n is how a POSIX shell reports a command ended by signal n.
        return outcome.ExitCode switch
        {
            130 => code + " (SIGINT)",
            137 => code + " (SIGKILL)",
            143 => code + " (SIGTERM)",
            _ => code,
        };
    }
}
