using System.Xml.Linq;

namespace DemoRunner;

/// <summary>Outcomes and failure messages of one session, read from its TRX file.</summary>
internal sealed record TrxResults(int Passed, int Failed, int Skipped, IReadOnlyList<string> FailureMessages)
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static TrxResults Empty { get; } = new(0, 0, 0, []);

    public static TrxResults Read(string path)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        int passed = 0, failed = 0, skipped = 0;
        var messages = new List<string>();
        foreach (var result in XDocument.Load(path).Descendants(Ns + "UnitTestResult"))
        {
            switch ((string?)result.Attribute("outcome"))
            {
                case "Passed": passed++; break;
                case "Failed" or "Error" or "Timeout" or "Aborted":
                    failed++;
                    messages.Add((string?)result.Descendants(Ns + "Message").FirstOrDefault() ?? "");
                    break;
                default: skipped++; break;
            }
        }

        return new TrxResults(passed, failed, skipped, messages);
    }
}
