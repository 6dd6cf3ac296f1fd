namespace Tractatus.TestIsolation.Naming;

/// <summary>Fixed-width, lower-case base-36 text, so ids are URL-, file- and database-safe and sort as text.</summary>
internal static class Base36
{
    internal const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>Writes <paramref name="value"/> zero-padded to <paramref name="width"/> digits.</summary>
    internal static string Encode(long value, int width)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Base-36 encoding needs a non-negative value.");
        }

        Span<char> chars = stackalloc char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value % 36)];
            value /= 36;
        }

        if (value != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The value does not fit in " + width + " base-36 digits.");
        }

        return new string(chars);
    }

    internal static bool IsDigit(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'z');
}
