using System.Threading;
using Microsoft.CodeAnalysis;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// Whole fixed values, as the rules about stores ask for them; answered by <see cref="FlowEngine"/>.
/// </summary>
internal static class ValueTracer
{
    /// <summary>Strips conversions (to object, to BsonValue, to FieldDefinition, ...) around a value.</summary>
    public static IOperation? Unwrap(IOperation? operation) => FlowEngine.Unwrap(operation);

    /// <summary>The constant string value of an operation (a key name), without tracing variables.</summary>
    public static string? ConstantString(IOperation? operation) => FlowEngine.ConstantString(operation);

    /// <summary>True when <paramref name="operation"/> can hold a fixed, non-blank string that is not a <c>??</c> fallback.</summary>
    public static bool TryGetFixedString(IOperation? operation, StoreSymbols symbols, CancellationToken cancellationToken, out FixedValue value)
    {
        foreach (var text in FlowEngine.FixedTextsOf(operation, cancellationToken))
        {
            if (!text.IsFallback)
            {
                value = FixedValue.Of(text);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Like <see cref="TryGetFixedString"/>, and also takes the fallback of <c>a ?? "literal"</c>: a
    /// hard-coded default still names a fixed resource whenever the variable is not set.
    /// </summary>
    public static bool TryGetFixedStringOrFallback(IOperation? operation, StoreSymbols symbols, CancellationToken cancellationToken, out FixedValue value)
    {
        if (FlowEngine.TryGetFixed(operation, cancellationToken, out var text))
        {
            value = FixedValue.Of(text);
            return true;
        }

        value = default;
        return false;
    }
}
