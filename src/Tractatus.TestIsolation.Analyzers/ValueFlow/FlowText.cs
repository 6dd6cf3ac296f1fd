using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// One text an expression can hold, as the value-flow engine found it: fixed parts with the
/// syntax that wrote them, and <see cref="Hole"/> characters where a part is unknown (a schema
/// from configuration, a <c>Guid.NewGuid()</c>). An unknown part never makes the fixed parts
/// unknown: <c>$"INSERT INTO {Schema()}.jobs (key) VALUES ('nightly')"</c> still holds <c>'nightly'</c>.
/// </summary>
internal sealed class FlowText
{
    /// <summary>Stands for one unknown part in <see cref="Text"/>.</summary>
    public const char Hole = '\uFFFF';

    /// <summary>Stands for a part that differs in every run (<c>Guid.NewGuid()</c>, a temp file name).</summary>
    public const char RunUniqueHole = '\uE001';

    /// <summary>Stands for a part read from the environment or configuration: the same for every run on a machine.</summary>
    public const char ConfiguredHole = '\uE002';

    /// <summary>Stands for the connection string of a server started for this run (Testcontainers without reuse, Mongo2Go, EphemeralMongo).</summary>
    public const char PerRunServerHole = '\uE003';

    private static readonly char[] Holes = { Hole, RunUniqueHole, ConfiguredHole, PerRunServerHole };

    /// <summary>True when <paramref name="text"/> has an unknown part of any kind.</summary>
    public static bool HasHole(string text) => text.IndexOfAny(Holes) >= 0;

    private FlowText(string text, ImmutableArray<FlowSegment> segments, SyntaxNode anchor, bool isFallback)
    {
        Text = text;
        Segments = segments;
        Anchor = anchor;
        IsFallback = isFallback;
    }

    /// <summary>The text, with <see cref="Hole"/> for each unknown part.</summary>
    public string Text { get; }

    /// <summary>Where each part of <see cref="Text"/> was written.</summary>
    public ImmutableArray<FlowSegment> Segments { get; }

    /// <summary>
    /// Where the whole value is used from the analyzed code: the literal when it sits in the same
    /// method (directly or through locals), else the reference to the member, helper or constant.
    /// </summary>
    public SyntaxNode Anchor { get; }

    /// <summary>True when the value is the fallback of <c>a ?? "literal"</c> (an unset variable, the developer default).</summary>
    public bool IsFallback { get; }

    /// <summary>True when every part is known.</summary>
    public bool IsComplete => !HasHole(Text);

    /// <summary>True when part of the text differs in every run or names a per-run server.</summary>
    public bool IsPerRun => Text.IndexOf(RunUniqueHole) >= 0 || Text.IndexOf(PerRunServerHole) >= 0;

    /// <summary>True when part of the text comes from the environment or configuration.</summary>
    public bool IsConfigured => Text.IndexOf(ConfiguredHole) >= 0;

    /// <summary>True when every part is known and the text is not blank.</summary>
    public bool IsFixed => IsComplete && !string.IsNullOrWhiteSpace(Text);

    /// <summary>A fixed text written at <paramref name="origin"/>.</summary>
    public static FlowText Known(string text, SyntaxNode origin) => Known(text, origin, origin);

    /// <summary>A fixed text written at <paramref name="origin"/> (a constant's declaration) and used at <paramref name="anchor"/>.</summary>
    public static FlowText Known(string text, SyntaxNode origin, SyntaxNode anchor) =>
        new(text, ImmutableArray.Create(new FlowSegment(0, text.Length, origin)), anchor, isFallback: false);

    /// <summary>An unknown value produced at <paramref name="origin"/>.</summary>
    public static FlowText Unknown(SyntaxNode origin, char hole = Hole) =>
        new(hole.ToString(), ImmutableArray.Create(new FlowSegment(0, 1, null)), origin, isFallback: false);

    /// <summary>The same text, used from <paramref name="anchor"/>.</summary>
    public FlowText WithAnchor(SyntaxNode anchor) => new(Text, Segments, anchor, IsFallback);

    /// <summary>The same text, marked as the fallback of a <c>??</c>.</summary>
    public FlowText AsFallback() => new(Text, Segments, Anchor, isFallback: true);

    /// <summary>This text followed by <paramref name="next"/>, used from <paramref name="anchor"/>.</summary>
    public FlowText Append(FlowText next, SyntaxNode anchor)
    {
        var segments = Segments.ToBuilder();
        foreach (var segment in next.Segments)
        {
            segments.Add(new FlowSegment(segment.Start + Text.Length, segment.Length, segment.Origin));
        }

        return new FlowText(Text + next.Text, segments.ToImmutable(), anchor, IsFallback || next.IsFallback);
    }

    /// <summary>The empty text (the start of a concatenation).</summary>
    public static FlowText Empty(SyntaxNode anchor) => new(string.Empty, ImmutableArray<FlowSegment>.Empty, anchor, isFallback: false);

    /// <summary>
    /// The syntax that wrote <paramref name="part"/> (the literal that holds a database name), when
    /// the part occurs once in the text and comes from one written piece; else <see cref="Anchor"/>.
    /// </summary>
    public SyntaxNode OriginOf(string part) => SegmentOf(part)?.Origin ?? Anchor;

    /// <summary>
    /// The span of <paramref name="raw"/> (as written, e.g. <c>'nightly'</c>) inside the literal
    /// that wrote it. When that literal is outside <see cref="Anchor"/> (a constant declared
    /// elsewhere) the anchor is reported instead, unless <paramref name="preferDeclaration"/>.
    /// </summary>
    public Location LocationOf(string raw, bool preferDeclaration)
    {
        var origin = NodeOf(raw, preferDeclaration);
        var written = origin.ToString();
        var index = written.IndexOf(raw, StringComparison.Ordinal);
        if (index < 0 && raw.IndexOf('"') >= 0)
        {
            // In a regular literal a quote is written \" ("{ \"_id\": \"x\" }").
            raw = raw.Replace("\"", "\\\"");
            index = written.IndexOf(raw, StringComparison.Ordinal);
        }

        if (index < 0 || written.IndexOf(raw, index + 1, StringComparison.Ordinal) >= 0)
        {
            return origin.GetLocation();
        }

        return Location.Create(origin.SyntaxTree, new TextSpan(origin.SpanStart + index, raw.Length));
    }

    /// <summary>
    /// The literal that wrote <paramref name="part"/>, when it is inside <see cref="Anchor"/> (or
    /// anywhere, if <paramref name="preferDeclaration"/>); else <see cref="Anchor"/>.
    /// </summary>
    public SyntaxNode NodeOf(string part, bool preferDeclaration)
    {
        var origin = SegmentOf(part)?.Origin;
        return origin is null || (!preferDeclaration && (origin.SyntaxTree != Anchor.SyntaxTree || !Anchor.Span.Contains(origin.Span)))
            ? Anchor
            : origin;
    }

    // The segment that wrote every occurrence of the part: one piece spliced in several times
    // ($"DROP DATABASE {name}; CREATE DATABASE {name}") still has one origin.
    private FlowSegment? SegmentOf(string part)
    {
        if (part.Length == 0)
        {
            return null;
        }

        FlowSegment? found = null;
        for (var index = Text.IndexOf(part, StringComparison.Ordinal); index >= 0; index = Text.IndexOf(part, index + 1, StringComparison.Ordinal))
        {
            var segment = SegmentAt(index, part.Length);
            if (segment is null || (found is { } earlier && earlier.Origin != segment.Value.Origin))
            {
                return null;
            }

            found = segment;
        }

        return found;
    }

    private FlowSegment? SegmentAt(int index, int length)
    {
        foreach (var segment in Segments)
        {
            if (segment.Origin is not null && segment.Start <= index && index + length <= segment.Start + segment.Length)
            {
                return segment;
            }
        }

        return null;
    }
}

/// <summary>A part of a <see cref="FlowText"/>: its range in the text and the syntax that wrote it (<c>null</c> for an unknown part).</summary>
internal readonly struct FlowSegment
{
    public FlowSegment(int start, int length, SyntaxNode? origin)
    {
        Start = start;
        Length = length;
        Origin = origin;
    }

    public int Start { get; }

    public int Length { get; }

    public SyntaxNode? Origin { get; }
}
