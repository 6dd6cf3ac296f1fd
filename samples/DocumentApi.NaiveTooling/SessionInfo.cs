namespace DocumentApi.NaiveTooling;

/// <summary>Which session the tooling records state for.</summary>
public static class SessionInfo
{
    // Every process that runs the suite records its state under this one id.
    public const string SessionId = "2025-10-07-001";
}
