using System.Globalization;
using System.Text.Json;

namespace Tractatus.TestIsolation.Benchmarks.SharedState;

/// <summary>
/// Child-process loop (<c>child-append-unlocked-atomic &lt;file&gt; &lt;count&gt; &lt;tag&gt; &lt;go-file&gt;</c>): the best
/// a careful tool can do without a lock: read, append, write a temp file, rename it over the original. The
/// file never tears (rename is atomic), so what it shows is the pure lost-update count of read-modify-write
/// without a cross-process lock. Same READY / go-file protocol as the test worker.
/// </summary>
internal static class UnlockedAtomicAppend
{
    public const string Command = "child-append-unlocked-atomic";

    public static async Task<int> RunAsync(string[] args)
    {
        var file = args[0];
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var tag = args[2];
        var go = args[3];
        Console.WriteLine("READY");
        while (!File.Exists(go))
        {
            await Task.Delay(2);
        }

        for (var i = 0; i < count; i++)
        {
            var list = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(file)) ?? [];
            list.Add(tag + "-" + i.ToString(CultureInfo.InvariantCulture));
            var temp = file + "." + tag + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(list));
            File.Move(temp, file, overwrite: true);
        }

        Console.WriteLine("DONE");
        return 0;
    }
}
