using System.Security.Cryptography;

namespace Tractatus.TestIsolation.Naming;

/// <summary>
/// Makes session ids: 9 base-36 digits of Unix milliseconds (so ids sort by start time) and 6 random
/// base-36 digits from a CSPRNG (so sessions started in the same millisecond on different machines differ).
/// </summary>
/// <remarks>
/// Within one process ids are strictly increasing: when the clock has not moved on (or went back), the
/// previous id's random part is incremented instead of drawn again. That makes in-process collisions
/// impossible rather than merely unlikely, while ids from different processes still rely on randomness.
/// </remarks>
internal static class SessionIdGenerator
{
    internal const int TimeDigits = 9;
    internal const int RandomDigits = 6;
    internal const int Length = TimeDigits + RandomDigits;

    private const long RandomRange = 2_176_782_336; // 36^6
    private static readonly object Gate = new();
    private static long _lastMilliseconds = -1;
    private static long _lastRandom;

    internal static string NewId(DateTimeOffset now)
    {
        var milliseconds = now.ToUnixTimeMilliseconds();
        long random;
        lock (Gate)
        {
            if (milliseconds <= _lastMilliseconds)
            {
                milliseconds = _lastMilliseconds;
                random = _lastRandom + 1;
                if (random >= RandomRange)
                {
                    milliseconds++;
                    random = NextRandom();
                }
            }
            else
            {
                random = NextRandom();
            }

            _lastMilliseconds = milliseconds;
            _lastRandom = random;
        }

        return Base36.Encode(milliseconds, TimeDigits) + Base36.Encode(random, RandomDigits);
    }

    internal static bool IsValid(string? id)
    {
        if (id is null || id.Length != Length)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!Base36.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    // Leave headroom below 36^6 so the in-process increment rarely has to roll the millisecond over.
    private static long NextRandom() => RandomNumberGenerator.GetInt32(int.MaxValue) % (RandomRange / 2);
}
