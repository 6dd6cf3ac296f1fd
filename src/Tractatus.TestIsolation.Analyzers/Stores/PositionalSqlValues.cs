using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// Identifier values bound by position: EF Core's <c>ExecuteSqlRaw("... VALUES ({0})", "x")</c> and
/// the holes of <c>ExecuteSql($"... VALUES ({slug})")</c>. Each <c>{n}</c> stands in the SQL where a
/// literal would, so the SQL reader finds its column; the value is the n-th argument, reported there.
/// </summary>
internal static class PositionalSqlValues
{
    // Marks a slot inside the SQL reader's quoted value; a private-use character never written in SQL.
    private const char Mark = '\uE010';

    private static readonly Regex Slot = new(@"\{(?<index>\d+)\}", RegexOptions.CultureInvariant);

    public static ImmutableArray<IdentifierValue> Find(SqlSink sink, NameSet names, CancellationToken cancellationToken)
    {
        if (sink.Positional.IsEmpty)
        {
            return ImmutableArray<IdentifierValue>.Empty;
        }

        var found = ImmutableArray.CreateBuilder<IdentifierValue>();
        foreach (var format in Formats(sink, cancellationToken))
        {
            var marked = Slot.Replace(format, m => "'" + Mark + m.Groups["index"].Value + Mark + "'");
            foreach (var value in SqlText.FixedIdentifierValues(marked, names))
            {
                if (SlotIndex(value.Value) is { } index && index < sink.Positional.Length)
                {
                    foreach (var text in FlowEngine.FixedTextsOf(sink.Positional[index], cancellationToken))
                    {
                        found.Add(new IdentifierValue(value.Column, FixedValue.Of(text)));
                    }
                }
            }
        }

        return found.ToImmutable();
    }

    // The SQL with {n} slots: an interpolation's holes numbered in order, or the raw SQL's own texts.
    private static IEnumerable<string> Formats(SqlSink sink, CancellationToken cancellationToken)
    {
        if (FlowEngine.Unwrap(sink.Text) is IInterpolatedStringOperation interpolated && IsHoles(interpolated, sink.Positional))
        {
            var builder = new StringBuilder();
            var hole = 0;
            foreach (var part in interpolated.Parts)
            {
                if (part is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } })
                {
                    builder.Append(text);
                }
                else
                {
                    builder.Append('{').Append(hole++.ToString(CultureInfo.InvariantCulture)).Append('}');
                }
            }

            yield return builder.ToString();
            yield break;
        }

        foreach (var text in FlowEngine.TextsOf(sink.Text, cancellationToken))
        {
            yield return text.Text;
        }
    }

    private static bool IsHoles(IInterpolatedStringOperation interpolated, ImmutableArray<IOperation> positional)
    {
        var index = 0;
        foreach (var part in interpolated.Parts)
        {
            if (part is IInterpolationOperation hole &&
                (index >= positional.Length || !ReferenceEquals(hole.Expression, positional[index++])))
            {
                return false;
            }
        }

        return index == positional.Length;
    }

    private static int? SlotIndex(string value) =>
        value.Length > 2 && value[0] == Mark && value[value.Length - 1] == Mark &&
        int.TryParse(value.Substring(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
}
