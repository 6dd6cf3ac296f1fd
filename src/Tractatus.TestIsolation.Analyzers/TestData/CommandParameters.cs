using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.TestData;

/// <summary>
/// ADO.NET parameters: <c>command.Parameters.AddWithValue("@slug", "x")</c>. The value reaches
/// the store when the command's SQL (from its constructor or a <c>CommandText</c> assignment in
/// the same method) writes rows and uses that parameter.
/// </summary>
internal static class CommandParameters
{
    /// <summary>The parameter name without its '@', ':' or '$' prefix, when the call adds a named value.</summary>
    public static bool TryGetNamedValue(IInvocationOperation invocation, StoreSymbols symbols, out string name, out IOperation value)
    {
        name = string.Empty;
        value = invocation;
        if (invocation.TargetMethod.Name != "AddWithValue" ||
            invocation.Arguments.Length != 2 ||
            !StoreSymbols.IsOrDerivesFrom(invocation.TargetMethod.ContainingType, symbols.DbParameterCollection) ||
            ValueTracer.ConstantString(invocation.Arguments[0].Value) is not { } parameterName)
        {
            return false;
        }

        name = parameterName.TrimStart('@', ':', '$');
        value = invocation.Arguments[1].Value;
        return name.Length > 0;
    }

    /// <summary>The SQL text of the command whose <c>Parameters</c> the call adds to.</summary>
    public static IOperation? CommandText(IInvocationOperation invocation, StoreSymbols symbols, CancellationToken cancellationToken)
    {
        if (invocation.Instance is not IPropertyReferenceOperation { Instance: ILocalReferenceOperation command })
        {
            return null;
        }

        if (AssignedValues.Of(command, cancellationToken).Single is { } created &&
            SqlSink.TryGet(ValueTracer.Unwrap(created)!, symbols, out var fromConstructor))
        {
            return fromConstructor.Text;
        }

        IOperation? text = null;
        foreach (var write in LocalWrites.Of(command, cancellationToken))
        {
            if (SqlSink.TryGet(write, symbols, out var assigned))
            {
                if (text is not null)
                {
                    // Reused for several statements: which one the parameter belongs to is unknown.
                    return null;
                }

                text = assigned.Text;
            }
        }

        return text;
    }
}
