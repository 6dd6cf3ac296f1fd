using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.TestData;

/// <summary>
/// Decides whether a value is the same string in every run: a literal, a constant, a constant
/// expression, or a local / field assigned exactly once from one. Anything computed at run time
/// (a call, an interpolation with a call, a parameter) is not fixed.
/// </summary>
internal static class ValueTracer
{
    private const int MaxDepth = 4;

    /// <summary>Strips conversions (to object, to BsonValue, to FieldDefinition, ...) around a value.</summary>
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

    /// <summary>True when <paramref name="operation"/> is a fixed, non-blank string.</summary>
    public static bool TryGetFixedString(IOperation? operation, StoreSymbols symbols, CancellationToken cancellationToken, out FixedValue value) =>
        TryGetFixedString(operation, symbols, allowFallback: false, cancellationToken, 0, out value);

    /// <summary>
    /// Like <see cref="TryGetFixedString(IOperation?, StoreSymbols, CancellationToken, out FixedValue)"/>,
    /// and also takes the fallback of <c>a ?? "literal"</c>: a hard-coded default still names a
    /// fixed resource whenever the variable is not set.
    /// </summary>
    public static bool TryGetFixedStringOrFallback(IOperation? operation, StoreSymbols symbols, CancellationToken cancellationToken, out FixedValue value) =>
        TryGetFixedString(operation, symbols, allowFallback: true, cancellationToken, 0, out value);

    /// <summary>The constant string value of an operation (a key name), without tracing variables.</summary>
    public static string? ConstantString(IOperation? operation)
    {
        var unwrapped = Unwrap(operation);
        return unwrapped?.ConstantValue is { HasValue: true, Value: string text } ? text : null;
    }

    private static bool TryGetFixedString(
        IOperation? operation, StoreSymbols symbols, bool allowFallback, CancellationToken cancellationToken, int depth, out FixedValue value)
    {
        value = default;
        operation = Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return false;
        }

        if (operation.ConstantValue.HasValue)
        {
            if (operation.ConstantValue.Value is string text && !string.IsNullOrWhiteSpace(text))
            {
                value = new FixedValue(text, operation);
                return true;
            }

            return false;
        }

        switch (operation)
        {
            case IObjectCreationOperation creation when
                StoreSymbols.IsDefinition(creation.Type, symbols.BsonString) && creation.Arguments.Length == 1:
                return TryGetFixedString(creation.Arguments[0].Value, symbols, allowFallback, cancellationToken, depth + 1, out value);

            case IInvocationOperation invocation when
                invocation.TargetMethod.Name == "Create" &&
                StoreSymbols.IsDefinition(invocation.TargetMethod.ContainingType, symbols.BsonValue) &&
                invocation.Arguments.Length == 1:
                return TryGetFixedString(invocation.Arguments[0].Value, symbols, allowFallback, cancellationToken, depth + 1, out value);

            case ICoalesceOperation coalesce when allowFallback:
                return TryGetFixedString(coalesce.WhenNull, symbols, allowFallback, cancellationToken, depth + 1, out value);

            case ILocalReferenceOperation:
                // The literal lives in this method: report it there, once for every use.
                return AssignedValues.Of(operation, cancellationToken).Single is { } local &&
                       TryGetFixedString(local, symbols, allowFallback, cancellationToken, depth + 1, out value);

            case IFieldReferenceOperation:
            case IPropertyReferenceOperation:
                // The literal lives in another member: report the reference here, like a constant's.
                if (AssignedValues.Of(operation, cancellationToken).Single is { } member &&
                    TryGetFixedString(member, symbols, allowFallback, cancellationToken, depth + 1, out var held))
                {
                    value = new FixedValue(held.Value, operation);
                    return true;
                }

                return false;

            default:
                return false;
        }
    }
}
