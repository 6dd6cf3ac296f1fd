using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// The one value-flow engine every rule asks "what fixed text can this expression hold, and where
/// is it written?". It follows constants, literals, interpolations (unknown holes stay holes),
/// concatenation, <c>string.Format</c>/<c>string.Concat</c>, <c>??</c> fallbacks, conditionals,
/// locals, <c>foreach</c> variables over literal arrays, fields and properties (in any file of the
/// compilation), members of objects created in view (<c>new Tenant("acme", ...).Code</c>),
/// parameters at their call sites (own type for private methods, the compilation otherwise), keys
/// parsed from text (ObjectId/Guid), and the returns of small helper methods (two
/// levels of calls). Results for members are cached per compilation; every evaluation is bounded.
/// </summary>
internal sealed partial class FlowEngine
{
    private const int MaxCandidates = 16;
    private const int MaxSteps = 400;
    private const int MaxCallDepth = 2;
    private const int MaxSymbolChain = 5;
    private const int MaxCallSites = 8;

    private static readonly ConditionalWeakTable<Compilation, FlowEngine> Engines = new();

    private static readonly ImmutableHashSet<ISymbol> NoSymbols = ImmutableHashSet.Create<ISymbol>(SymbolEqualityComparer.Default);

    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<FlowText>> _members = new(SymbolEqualityComparer.Default);

    /// <summary>The engine of the compilation <paramref name="operation"/> belongs to (or a throw-away one).</summary>
    public static FlowEngine For(IOperation operation) =>
        operation.SemanticModel is { } model ? Engines.GetValue(model.Compilation, _ => new FlowEngine()) : new FlowEngine();

    /// <summary>Strips conversions and parentheses around a value.</summary>
    public static IOperation? Unwrap(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The constant string of an operation (a key name), without following anything.</summary>
    public static string? ConstantString(IOperation? operation) =>
        Unwrap(operation)?.ConstantValue is { HasValue: true, Value: string text } ? text : null;

    /// <summary>Every text the expression can hold; unknown parts are holes. Empty when it is not a value.</summary>
    public static ImmutableArray<FlowText> TextsOf(IOperation? operation, CancellationToken cancellationToken) =>
        TextsOf(operation, ImmutableArray<IInvocationOperation>.Empty, cancellationToken);

    private static ImmutableArray<FlowText> TextsOf(IOperation? operation, ImmutableArray<IInvocationOperation> calls, CancellationToken cancellationToken)
    {
        if (Unwrap(operation) is not { } value)
        {
            return ImmutableArray<FlowText>.Empty;
        }

        Frame? frame = null;
        var depth = 0;
        foreach (var call in calls)
        {
            frame = new Frame(call.TargetMethod, call.Arguments, frame, depth++);
        }

        var engine = For(value);
        return engine.Evaluate(value, new Walk(cancellationToken, NoSymbols), frame, depth);
    }

    /// <summary>The fully fixed, non-blank texts the expression can hold.</summary>
    public static ImmutableArray<FlowText> FixedTextsOf(IOperation? operation, CancellationToken cancellationToken) =>
        FixedTextsOf(operation, ImmutableArray<IInvocationOperation>.Empty, cancellationToken);

    /// <summary>
    /// The fully fixed, non-blank texts the expression can hold inside the helper bodies entered
    /// through <paramref name="calls"/> (outermost first): a parameter of those helpers is the
    /// argument of that call, not every call site's.
    /// </summary>
    public static ImmutableArray<FlowText> FixedTextsOf(IOperation? operation, ImmutableArray<IInvocationOperation> calls, CancellationToken cancellationToken)
    {
        // A number or other value type is not a fixed string (Id = 5 is not a slug); a key parsed
        // from fixed text (ObjectId.Parse("5f1b..."), Guid.Parse("...")) is that text.
        if (Unwrap(operation)?.Type is { IsValueType: true } type && !IsTextKey(type))
        {
            return ImmutableArray<FlowText>.Empty;
        }

        var texts = TextsOf(operation, calls, cancellationToken);
        var fixedCount = 0;
        foreach (var text in texts)
        {
            fixedCount += text.IsFixed ? 1 : 0;
        }

        if (fixedCount == texts.Length)
        {
            return texts;
        }

        var builder = ImmutableArray.CreateBuilder<FlowText>(fixedCount);
        foreach (var text in texts)
        {
            if (text.IsFixed)
            {
                builder.Add(text);
            }
        }

        return builder.MoveToImmutable();
    }

    /// <summary>
    /// The first fully fixed, non-blank text the expression can hold; with <paramref name="includeFallbacks"/>
    /// false, not the fallback of <c>a ?? "literal"</c> (for rules that need the value every run has).
    /// </summary>
    public static bool TryGetFixed(IOperation? operation, CancellationToken cancellationToken, out FlowText text, bool includeFallbacks = true)
    {
        foreach (var candidate in FixedTextsOf(operation, cancellationToken))
        {
            if (!includeFallbacks && candidate.IsFallback)
            {
                continue;
            }

            text = candidate;
            return true;
        }

        text = null!;
        return false;
    }

    private ImmutableArray<FlowText> Evaluate(IOperation? operation, Walk walk, Frame? frame, int callDepth)
    {
        operation = Unwrap(operation);
        if (operation is null)
        {
            return ImmutableArray<FlowText>.Empty;
        }

        if (!walk.Spend())
        {
            return Unknown(operation);
        }

        // A constant interpolation or concatenation of constants ($"CREATE DATABASE {Name}") is read
        // part by part, so each part keeps the literal that wrote it.
        if (operation.ConstantValue.HasValue && operation is not (IInterpolatedStringOperation or IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String }))
        {
            return ImmutableArray.Create(Constant(operation, walk.CancellationToken));
        }

        switch (operation)
        {
            case IInterpolatedStringOperation interpolated:
                return Interpolation(interpolated, walk, frame, callDepth);

            case IInterpolatedStringHandlerCreationOperation handler when handler.Content is IInterpolatedStringOperation content:
                return Interpolation(content, walk, frame, callDepth);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                return Concat(operation.Syntax, walk, Evaluate(add.LeftOperand, walk, frame, callDepth), Evaluate(add.RightOperand, walk, frame, callDepth));

            case ICoalesceOperation coalesce:
                // A variable the suite itself sets to a per-run server's value is never unset when used.
                if (PerRunEnvironmentVariables.IsPerRunRead(coalesce.Value, walk.CancellationToken))
                {
                    return ImmutableArray.Create(FlowText.Unknown(coalesce.Value.Syntax, FlowText.PerRunServerHole));
                }

                // A hard-coded default names a fixed resource whenever the variable is unset.
                return Map(Evaluate(coalesce.WhenNull, walk, frame, callDepth), t => t.AsFallback());

            case ICoalesceAssignmentOperation coalesceAssignment:
                // x ??= fallback: a field or variable that starts null holds the fallback.
                return Map(Evaluate(coalesceAssignment.Value, walk, frame, callDepth), t => t.AsFallback());

            case IConditionalOperation { WhenFalse: not null } conditional when conditional.Type?.SpecialType == SpecialType.System_String:
                return Union(Evaluate(conditional.WhenTrue, walk, frame, callDepth), Evaluate(conditional.WhenFalse, walk, frame, callDepth));

            case IInvocationOperation invocation:
                return Invocation(invocation, walk, frame, callDepth);

            case IObjectCreationOperation { Arguments.Length: 1 } creation when creation.Type?.Name == "BsonString":
                return Evaluate(creation.Arguments[0].Value, walk, frame, callDepth);

            case IObjectCreationOperation { Arguments.Length: 1 } creation when creation.Type is { } keyType && IsTextKey(keyType) &&
                                                                          creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String:
                // new ObjectId("5f1b..."), new Guid("...")
                return Evaluate(creation.Arguments[0].Value, walk, frame, callDepth);

            case ILocalReferenceOperation local:
                return Local(local, walk, frame, callDepth);

            case IParameterReferenceOperation parameter:
                return Parameter(parameter, walk, frame, callDepth);

            case IFieldReferenceOperation or IPropertyReferenceOperation:
                return Member((IMemberReferenceOperation)operation, walk, frame, callDepth);

            default:
                return Unknown(operation);
        }
    }

    private static FlowText Constant(IOperation operation, CancellationToken cancellationToken)
    {
        var text = operation.ConstantValue.Value switch
        {
            null => string.Empty,
            string s => s,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };
        var origin = operation switch
        {
            IFieldReferenceOperation field => DeclaredValue(field.Field, cancellationToken),
            ILocalReferenceOperation local => DeclaredValue(local.Local, cancellationToken),
            _ => null,
        };
        return FlowText.Known(text, origin ?? operation.Syntax, operation.Syntax);
    }

    // The initializer of a constant's declaration: where its literal is written.
    private static SyntaxNode? DeclaredValue(ISymbol symbol, CancellationToken cancellationToken)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return value;
            }
        }

        return null;
    }

    private ImmutableArray<FlowText> Interpolation(IInterpolatedStringOperation interpolated, Walk walk, Frame? frame, int callDepth)
    {
        var result = ImmutableArray.Create(FlowText.Empty(interpolated.Syntax));
        foreach (var part in interpolated.Parts)
        {
            ImmutableArray<FlowText> texts;
            switch (part)
            {
                case IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } }:
                    texts = ImmutableArray.Create(FlowText.Known(text, part.Syntax));
                    break;
                case IInterpolationOperation hole when hole.FormatString is null && hole.Alignment is null:
                    texts = Evaluate(hole.Expression, walk, frame, callDepth);
                    break;
                default:
                    texts = Unknown(part);
                    break;
            }

            result = Concat(interpolated.Syntax, walk, result, texts);
        }

        return result;
    }

    private ImmutableArray<FlowText> Invocation(IInvocationOperation invocation, Walk walk, Frame? frame, int callDepth)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType?.SpecialType == SpecialType.System_String || IsFormattableStringFactory(method))
        {
            return StringMethod(invocation, walk, frame, callDepth);
        }

        if (IsSystemIoPath(method.ContainingType))
        {
            return PathMethod(invocation, walk, frame, callDepth);
        }

        if (method.Name == "Create" && method.ContainingType?.Name == "BsonValue" && invocation.Arguments.Length == 1)
        {
            return Evaluate(invocation.Arguments[0].Value, walk, frame, callDepth);
        }

        if (method.Name == "Parse" && method.IsStatic && method.ContainingType is { } keyType && IsTextKey(keyType) &&
            invocation.Arguments.Length >= 1 && invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
        {
            // ObjectId.Parse("5f1b..."), Guid.Parse("...")
            return Evaluate(invocation.Arguments[0].Value, walk, frame, callDepth);
        }

        if (callDepth >= MaxCallDepth || !IsFollowable(method))
        {
            return Unknown(invocation);
        }

        if (method.Parameters.IsEmpty && invocation.Instance is null or IInstanceReferenceOperation)
        {
            return Reanchor(MemberTexts(method, invocation, walk), invocation.Syntax);
        }

        var inner = new Frame(method, invocation.Arguments, frame, callDepth);
        return Reanchor(Returns(method, invocation, walk, inner, callDepth + 1), invocation.Syntax);
    }

    private ImmutableArray<FlowText> StringMethod(IInvocationOperation invocation, Walk walk, Frame? frame, int callDepth)
    {
        var arguments = invocation.Arguments;
        switch (invocation.TargetMethod.Name)
        {
            case "Concat" when invocation.Instance is null:
                var result = ImmutableArray.Create(FlowText.Empty(invocation.Syntax));
                foreach (var value in Flatten(arguments))
                {
                    result = Concat(invocation.Syntax, walk, result, Evaluate(value, walk, frame, callDepth));
                }

                return result;

            case "Format" when invocation.Instance is null:
                return Format(invocation, walk, frame, callDepth);

            case "ToLowerInvariant" or "ToUpperInvariant" or "ToLower" or "ToUpper" or "Trim" or "ToString" when invocation.Instance is not null:
                var name = invocation.TargetMethod.Name;
                return Map(Evaluate(invocation.Instance, walk, frame, callDepth), t =>
                    !t.IsComplete ? FlowText.Unknown(invocation.Syntax) :
                    FlowText.Known(Transform(name, t.Text), t.OriginOf(t.Text), t.Anchor));

            // FormattableString.Invariant($"DROP DATABASE {name}"): the interpolated text itself.
            case "Invariant" or "CurrentCulture" when invocation.Instance is null && arguments.Length == 1:
                return Evaluate(arguments[0].Value, walk, frame, callDepth);

            default:
                return Unknown(invocation);
        }
    }

    private static bool IsFormattableStringFactory(IMethodSymbol method) =>
        method.IsStatic && method.Name is "Invariant" or "CurrentCulture" && Namespaces.Is(method.ContainingType, "System", "FormattableString");

    private static string Transform(string method, string text) => method switch
    {
        "ToLowerInvariant" or "ToLower" => text.ToLowerInvariant(),
        "ToUpperInvariant" or "ToUpper" => text.ToUpperInvariant(),
        "Trim" => text.Trim(),
        _ => text,
    };

    // string.Format("{0}_{1}", a, b): each placeholder takes its argument's texts. The format may itself be followed
    // (a template from a helper, Environment.GetEnvironmentVariable("T") ?? "Server=.;Database={0}"); its unknown
    // parts stay unknown and a fallback template keeps the result a fallback.
    private ImmutableArray<FlowText> Format(IInvocationOperation invocation, Walk walk, Frame? frame, int callDepth)
    {
        var values = Flatten(invocation.Arguments);
        IOperation? formatValue = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "format")
            {
                formatValue = argument.Value;
                break;
            }
        }

        if (formatValue is null)
        {
            return Unknown(invocation);
        }

        var items = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var value in values)
        {
            if (!ReferenceEquals(value, formatValue) && value.Type?.Name != "IFormatProvider")
            {
                items.Add(value);
            }
        }

        if (ConstantString(formatValue) is { } constant)
        {
            return Format(invocation, constant, formatValue.Syntax, items, walk, frame, callDepth);
        }

        var results = ImmutableArray<FlowText>.Empty;
        foreach (var template in Evaluate(formatValue, walk, frame, callDepth))
        {
            var formatted = Format(invocation, template.Text, formatValue.Syntax, items, walk, frame, callDepth);
            results = Union(results, template.IsFallback ? formatted.Select(t => t.AsFallback()).ToImmutableArray() : formatted);
        }

        return results.IsEmpty ? Unknown(invocation) : results;
    }

    private ImmutableArray<FlowText> Format(
        IInvocationOperation invocation, string format, SyntaxNode formatSyntax, ImmutableArray<IOperation>.Builder items, Walk walk, Frame? frame, int callDepth)
    {
        var result = ImmutableArray.Create(FlowText.Empty(invocation.Syntax));
        var literal = new System.Text.StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var end = format.IndexOf('}', i);
            if (end < 0)
            {
                return Unknown(invocation);
            }

            result = Concat(invocation.Syntax, walk, result, ImmutableArray.Create(FlowText.Known(literal.ToString(), formatSyntax)));
            literal.Clear();
            var spec = format.Substring(i + 1, end - i - 1);
            var plain = int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out var index);
            result = Concat(invocation.Syntax, walk, result,
                plain && index < items.Count ? Evaluate(items[index], walk, frame, callDepth) : Unknown(invocation));
            i = end;
        }

        return Concat(invocation.Syntax, walk, result, ImmutableArray.Create(FlowText.Known(literal.ToString(), formatSyntax)));
    }

    // params arrays arrive as one array argument: take its elements.
    private static ImmutableArray<IOperation> Flatten(ImmutableArray<IArgumentOperation> arguments)
    {
        var values = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray && Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
            {
                values.AddRange(initializer.ElementValues);
            }
            else
            {
                values.Add(argument.Value);
            }
        }

        return values.ToImmutable();
    }

    private ImmutableArray<FlowText> Local(ILocalReferenceOperation reference, Walk walk, Frame? frame, int callDepth)
    {
        if (Elements.ForEachCollection(reference.Local, reference.SemanticModel, walk.CancellationToken) is { } collection)
        {
            var texts = ImmutableArray<FlowText>.Empty;
            foreach (var element in Elements.Of(collection, walk.CancellationToken))
            {
                texts = Union(texts, Evaluate(element, walk, frame, callDepth));
            }

            return texts.IsEmpty ? Unknown(reference) : texts;
        }

        if (EarlierCoalesceFallback(reference, reference.Local, walk, frame, callDepth) is { } fallback)
        {
            return fallback;
        }

        // The literal lives in this method: the held value keeps its own anchor.
        return AssignedValues.Of(reference, walk.CancellationToken).Single is { } value
            ? Evaluate(value, walk, frame, callDepth)
            : Unknown(reference);
    }

    private ImmutableArray<FlowText> Parameter(IParameterReferenceOperation reference, Walk walk, Frame? frame, int callDepth)
    {
        var parameter = reference.Parameter;
        if (EarlierCoalesceFallback(reference, parameter, walk, frame, callDepth) is { } fallback)
        {
            return fallback;
        }

        if (frame is not null && frame.TryGetArgument(parameter, out var argument))
        {
            return Evaluate(argument, walk, frame.Caller, frame.CallerDepth);
        }

        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } method ||
            !IsFollowable(method) || parameter.RefKind != RefKind.None)
        {
            return Unknown(reference);
        }

        return MemberTexts(parameter, reference, walk);
    }

    private ImmutableArray<FlowText> Member(IMemberReferenceOperation reference, Walk walk, Frame? frame, int callDepth)
    {
        if (reference is IPropertyReferenceOperation { Arguments.IsEmpty: false })
        {
            return Unknown(reference);
        }

        if (reference.Instance is null or IInstanceReferenceOperation &&
            EarlierCoalesceFallback(reference, reference.Member, walk, frame, callDepth) is { } fallback)
        {
            return fallback;
        }

        // tenant.Code where tenant = new Tenant("acme", ...): the value given to that object.
        if (reference.Instance is { } instance && instance is not IInstanceReferenceOperation &&
            Creations.Find(instance, walk.CancellationToken) is { } creation &&
            Creations.ValueOf(creation, reference.Member) is { } given)
        {
            return Reanchor(Evaluate(given, walk, frame, callDepth), reference.Syntax);
        }

        return Reanchor(MemberTexts(reference.Member, reference, walk), reference.Syntax);
    }

    // Members, parameterless helpers and call-site parameters are evaluated once per compilation,
    // on a fresh walk of their own so the cached answer does not depend on who asked first.
    private ImmutableArray<FlowText> MemberTexts(ISymbol symbol, IOperation use, Walk walk)
    {
        if (_members.TryGetValue(symbol, out var cached))
        {
            return cached;
        }

        if (walk.Chain.Contains(symbol) || walk.Chain.Count >= MaxSymbolChain)
        {
            return Unknown(use);
        }

        var own = new Walk(walk.CancellationToken, walk.Chain.Add(symbol));
        var texts = symbol switch
        {
            IMethodSymbol method => Returns(method, use, own, frame: null, callDepth: 1),
            IParameterSymbol parameter => CallSiteArguments(parameter, use, own),
            _ => AssignedMember(use, own),
        };
        if (texts.IsEmpty)
        {
            texts = Unknown(use);
        }

        _members.TryAdd(symbol, texts);
        return texts;
    }

    private ImmutableArray<FlowText> AssignedMember(IOperation use, Walk walk)
    {
        if (use is IPropertyReferenceOperation { Property: { GetMethod: { } getter } property } && !IsAutoProperty(property, walk.CancellationToken))
        {
            return IsFollowable(getter) ? Returns(getter, use, walk, frame: null, callDepth: 1) : Unknown(use);
        }

        var assigned = AssignedValues.OfAnyFile(use, walk.CancellationToken);
        if (!assigned.IsComplete)
        {
            return Unknown(use);
        }

        var texts = ImmutableArray<FlowText>.Empty;
        foreach (var value in assigned.Values)
        {
            texts = Union(texts, Evaluate(value, walk, frame: null, callDepth: 0));
        }

        return texts;
    }

    private ImmutableArray<FlowText> Returns(IMethodSymbol method, IOperation use, Walk walk, Frame? frame, int callDepth)
    {
        var texts = ImmutableArray<FlowText>.Empty;
        foreach (var returned in HelperBodies.ReturnedValues(method, use.SemanticModel, walk.CancellationToken))
        {
            texts = Union(texts, Evaluate(returned, walk, frame, callDepth));
        }

        return texts;
    }

    private ImmutableArray<FlowText> CallSiteArguments(IParameterSymbol parameter, IOperation use, Walk walk)
    {
        // [InlineData("acme")], [TestCase("acme")], [DataRow("acme")], [Arguments("acme")]: the test
        // framework is the caller, and the attribute holds the arguments.
        var texts = DataRowArguments.Of(parameter, walk.CancellationToken);
        var sites = HelperBodies.CallSites((IMethodSymbol)parameter.ContainingSymbol, use.SemanticModel, MaxCallSites, walk.CancellationToken);
        foreach (var site in sites)
        {
            foreach (var argument in site.Arguments)
            {
                if (argument.Parameter is { } p && p.Ordinal == parameter.Ordinal)
                {
                    texts = Union(texts, Evaluate(argument.Value, walk, frame: null, callDepth: 0));
                }
            }
        }

        return texts;
    }

    private static bool IsAutoProperty(IPropertySymbol property, CancellationToken cancellationToken)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax syntax)
            {
                return syntax.ExpressionBody is null && syntax.AccessorList is { } accessors &&
                       accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
            }

            // A positional record's property is declared by its parameter: assigned from the constructor.
            return true;
        }

        return true;
    }

    // Key types written as text: MongoDB's ObjectId and System.Guid.
    private static bool IsTextKey(ITypeSymbol type) =>
        Namespaces.Is(type, "MongoDB.Bson", "ObjectId") || Namespaces.Is(type, "System", "Guid");

    /// <summary>Source methods whose body is the one that runs: not abstract, virtual or overridden, not extern.</summary>
    public static bool IsFollowable(IMethodSymbol method) =>
        !method.IsAbstract && !method.IsVirtual && !method.IsOverride && !method.IsExtern &&
        !method.IsImplicitlyDeclared && method.DeclaringSyntaxReferences.Length == 1 && method.PartialImplementationPart is null;

    private static ImmutableArray<FlowText> Unknown(IOperation operation) =>
        ImmutableArray.Create(FlowText.Unknown(operation.Syntax, HoleKinds.Of(operation, CancellationToken.None)));

    private static ImmutableArray<FlowText> Reanchor(ImmutableArray<FlowText> texts, SyntaxNode anchor) => Map(texts, t => t.WithAnchor(anchor));

    private static ImmutableArray<FlowText> Map(ImmutableArray<FlowText> texts, Func<FlowText, FlowText> map)
    {
        var builder = ImmutableArray.CreateBuilder<FlowText>(texts.Length);
        foreach (var text in texts)
        {
            builder.Add(map(text));
        }

        return builder.MoveToImmutable();
    }

    private static ImmutableArray<FlowText> Union(ImmutableArray<FlowText> left, ImmutableArray<FlowText> right)
    {
        if (left.IsEmpty || right.IsEmpty)
        {
            return left.IsEmpty ? right : left;
        }

        var builder = left.ToBuilder();
        foreach (var text in right)
        {
            if (builder.Count >= MaxCandidates)
            {
                break;
            }

            builder.Add(text);
        }

        return builder.ToImmutable();
    }

    private static ImmutableArray<FlowText> Concat(SyntaxNode anchor, Walk walk, ImmutableArray<FlowText> left, ImmutableArray<FlowText> right)
    {
        if (left.IsEmpty)
        {
            left = ImmutableArray.Create(FlowText.Unknown(anchor));
        }

        if (right.IsEmpty)
        {
            right = ImmutableArray.Create(FlowText.Unknown(anchor));
        }

        var builder = ImmutableArray.CreateBuilder<FlowText>();
        foreach (var l in left)
        {
            foreach (var r in right)
            {
                if (builder.Count >= MaxCandidates)
                {
                    return builder.ToImmutable();
                }

                builder.Add(l.Append(r, anchor));
            }
        }

        walk.CancellationToken.ThrowIfCancellationRequested();
        return builder.ToImmutable();
    }

    /// <summary>The budget and recursion guard of one evaluation.</summary>
    private sealed class Walk
    {
        private int _steps;

        public Walk(CancellationToken cancellationToken, ImmutableHashSet<ISymbol> chain)
        {
            CancellationToken = cancellationToken;
            Chain = chain;
        }

        public CancellationToken CancellationToken { get; }

        /// <summary>Members being evaluated further up (a cycle ends as unknown).</summary>
        public ImmutableHashSet<ISymbol> Chain { get; }

        public bool Spend()
        {
            CancellationToken.ThrowIfCancellationRequested();
            return ++_steps <= MaxSteps;
        }
    }

    /// <summary>A helper call being followed: its arguments stand for its parameters.</summary>
    private sealed class Frame
    {
        private readonly IMethodSymbol _method;
        private readonly ImmutableArray<IArgumentOperation> _arguments;

        public Frame(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, Frame? caller, int callerDepth)
        {
            _method = method;
            _arguments = arguments;
            Caller = caller;
            CallerDepth = callerDepth;
        }

        public Frame? Caller { get; }

        public int CallerDepth { get; }

        public bool TryGetArgument(IParameterSymbol parameter, out IOperation value)
        {
            value = null!;
            if (!SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.OriginalDefinition, _method.OriginalDefinition))
            {
                return false;
            }

            foreach (var argument in _arguments)
            {
                if (argument.Parameter?.Ordinal == parameter.Ordinal)
                {
                    value = argument.Value;
                    return true;
                }
            }

            return false;
        }
    }
}
