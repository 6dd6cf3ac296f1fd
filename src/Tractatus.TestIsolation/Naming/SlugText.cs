using System.Globalization;
using System.Text;

namespace Tractatus.TestIsolation.Naming;

/// <summary>Text helpers for generated values: slug normalization and length bounding.</summary>
internal static class SlugText
{
    /// <summary>
    /// Lower-case ASCII letters and digits separated by single '-': accents are dropped ("Café" → "cafe"),
    /// every other run of characters becomes one '-', and leading/trailing '-' are removed.
    /// </summary>
    internal static string Normalize(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingDash = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingDash = false;
                builder.Append(lower);
            }
            else
            {
                pendingDash = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>Cuts <paramref name="value"/> to at most <paramref name="maxLength"/> chars without splitting a surrogate pair.</summary>
    internal static string Truncate(string value, int maxLength)
    {
        if (maxLength <= 0)
        {
            return string.Empty;
        }

        if (value.Length <= maxLength)
        {
            return value;
        }

        var length = maxLength;
        if (char.IsHighSurrogate(value[length - 1]))
        {
            length--;
        }

        return value[..length];
    }
}
