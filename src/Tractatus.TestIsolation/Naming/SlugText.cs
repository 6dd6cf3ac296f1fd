using System.Globalization;
using System.Text;

namespace Tractatus.TestIsolation.Naming;

/// <summary>Text helpers for generated values: slug normalization and bounding in UTF-8 bytes.</summary>
internal static class SlugText
{
    // Latin letters that do not decompose into a base letter and an accent, spelled the usual ASCII way.
    private static readonly Dictionary<char, string> LatinSpellings = new()
    {
        ['ß'] = "ss", ['ẞ'] = "ss", ['æ'] = "ae", ['Æ'] = "ae", ['œ'] = "oe", ['Œ'] = "oe", ['ø'] = "o", ['Ø'] = "o",
        ['ł'] = "l", ['Ł'] = "l", ['đ'] = "d", ['Đ'] = "d", ['ð'] = "d", ['Ð'] = "d", ['þ'] = "th", ['Þ'] = "th", ['ı'] = "i",
    };

    /// <summary>
    /// Lower-case letters and digits separated by single '-'. Latin letters lose their accents and special Latin
    /// letters are spelled in ASCII ("Café Straße" → "cafe-strasse"); letters of other scripts are kept with their
    /// marks ("日本語", "हिन्दी"). Every other run of characters becomes one '-'; no leading or trailing '-'.
    /// </summary>
    internal static string Normalize(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingDash = false;
        var lastKeptWasAscii = false;
        var keptAny = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (IsMark(rune))
            {
                // An accent on a Latin letter is dropped; a mark of another script is part of its letter.
                if (keptAny && !pendingDash && !lastKeptWasAscii)
                {
                    builder.Append(rune.ToString());
                }

                continue;
            }

            if (!Rune.IsLetterOrDigit(rune))
            {
                pendingDash = true;
                continue;
            }

            if (pendingDash && keptAny)
            {
                builder.Append('-');
            }

            pendingDash = false;
            keptAny = true;
            var lower = Rune.ToLowerInvariant(rune);
            if (lower.IsBmp && LatinSpellings.TryGetValue((char)lower.Value, out var spelled))
            {
                builder.Append(spelled);
                lastKeptWasAscii = true;
            }
            else
            {
                builder.Append(lower.ToString());
                lastKeptWasAscii = lower.IsAscii;
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Cuts <paramref name="value"/> to at most <paramref name="maxBytes"/> bytes of UTF-8, between whole characters
    /// as a reader sees them (a letter stays with its accents, a surrogate pair is never split).
    /// </summary>
    internal static string TruncateUtf8(string value, int maxBytes)
    {
        if (maxBytes <= 0)
        {
            return string.Empty;
        }

        if (Encoding.UTF8.GetByteCount(value) <= maxBytes)
        {
            return value;
        }

        var bytes = 0;
        var index = 0;
        while (index < value.Length)
        {
            var length = StringInfo.GetNextTextElementLength(value, index);
            var elementBytes = Encoding.UTF8.GetByteCount(value.AsSpan(index, length));
            if (bytes + elementBytes > maxBytes)
            {
                break;
            }

            bytes += elementBytes;
            index += length;
        }

        return value[..index];
    }

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
