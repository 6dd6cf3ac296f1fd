namespace DocumentApi;

/// <summary>
/// Markers the demo suites put at the start of their failure messages, so build/demo.sh (and the
/// stress tests) can count each kind of concurrency failure from the test results.
/// </summary>
public static class FailureKinds
{
    /// <summary>An insert hit the unique index on slug: another session holds the same slug.</summary>
    public const string DuplicateKey = "[duplicate-key]";

    /// <summary>A test re-read the document it inserted itself and found it gone.</summary>
    public const string DeletedByOtherSession = "[deleted-by-other-session]";

    /// <summary>Entries this session appended to the instruction history are missing from it.</summary>
    public const string LostInstructionEntries = "[lost-instruction-entries]";

    /// <summary>The session counter does not equal what this session itself counted.</summary>
    public const string BlendedCounter = "[blended-counter]";
}
