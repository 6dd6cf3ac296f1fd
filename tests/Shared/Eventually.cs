namespace Tractatus.TestIsolation.Testing;

/// <summary>
/// Waits for something another process causes (a killed process's connection closing, a child's output), never
/// for a lease to expire: leases in tests are expired by injected clocks. Generous timeouts, no assertion on speed.
/// </summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until true; fails with <paramref name="describe"/> after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not true within {timeout}: {await describe()}");
            }

            await Task.Delay(100);
        }
    }
}
