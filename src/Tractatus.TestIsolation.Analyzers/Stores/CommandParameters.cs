using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// ADO.NET parameters: <c>command.Parameters.AddWithValue("@slug", "x")</c> and its siblings. The value reaches
/// the store when the command's SQL (from its constructor or a <c>CommandText</c> assignment in
/// the same method) writes rows and uses that parameter.
/// </summary>
internal static class CommandParameters
{
    /// <summary>
    /// A named value added to a command's parameters: <c>AddWithValue("@slug", "x")</c> (also with a
    /// type), <c>Add(new NpgsqlParameter("slug", "x"))</c>, <c>Add(new SqlParameter { ParameterName = "slug", Value = "x" })</c>,
    /// or <c>Add("@slug", SqlDbType.NVarChar).Value = "x"</c>. The name comes without its '@', ':' or '$'.
    /// </summary>
    public static bool TryGetNamedValue(IOperation operation, StoreSymbols symbols, out string name, out IOperation value, out IOperation? parameters)
    {
        name = string.Empty;
        value = operation;
        parameters = null;
        string? parameterName = null;
        IOperation? given = null;
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "AddWithValue" } add when IsParameterCollection(add, symbols) && add.Arguments.Length >= 2:
                parameterName = FlowEngine.ConstantString(add.Arguments[0].Value);
                given = add.Arguments[add.Arguments.Length - 1].Value;
                foreach (var argument in add.Arguments)
                {
                    if (argument.Parameter?.Name == "value")
                    {
                        given = argument.Value;
                    }
                }

                parameters = add.Instance;
                break;

            case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add when IsParameterCollection(add, symbols) &&
                                                                                             FlowEngine.Unwrap(add.Arguments[0].Value) is IObjectCreationOperation created &&
                                                                                             StoreSymbols.IsOrDerivesFrom(created.Type, symbols.DbParameter):
                (parameterName, given) = NameAndValue(created);
                parameters = add.Instance;
                break;

            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Value", Instance: IInvocationOperation { TargetMethod.Name: "Add" } add } } assignment
                when IsParameterCollection(add, symbols) && add.Arguments.Length >= 1:
                parameterName = FlowEngine.ConstantString(add.Arguments[0].Value);
                given = assignment.Value;
                parameters = add.Instance;
                break;
        }

        if (parameterName is null || given is null)
        {
            return false;
        }

        name = parameterName.TrimStart('@', ':', '$');
        value = given;
        return name.Length > 0;
    }

    private static bool IsParameterCollection(IInvocationOperation invocation, StoreSymbols symbols) =>
        StoreSymbols.IsOrDerivesFrom(invocation.TargetMethod.ContainingType, symbols.DbParameterCollection);

    // new NpgsqlParameter("slug", "x"), new SqlParameter { ParameterName = "slug", Value = "x" }
    private static (string? Name, IOperation? Value) NameAndValue(IObjectCreationOperation creation)
    {
        string? name = null;
        IOperation? value = null;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "parameterName")
            {
                name = FlowEngine.ConstantString(argument.Value);
            }
            else if (argument.Parameter?.Name == "value")
            {
                value = argument.Value;
            }
        }

        foreach (var initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
            {
                if (property.Property.Name == "ParameterName")
                {
                    name = FlowEngine.ConstantString(assignment.Value);
                }
                else if (property.Property.Name == "Value")
                {
                    value = assignment.Value;
                }
            }
        }

        return (name, value);
    }

    /// <summary>The SQL text of the command whose <c>Parameters</c> the call adds to.</summary>
    public static IOperation? CommandText(IOperation? parameters, StoreSymbols symbols, CancellationToken cancellationToken)
    {
        if (parameters is not IPropertyReferenceOperation { Instance: ILocalReferenceOperation command })
        {
            return null;
        }

        if (AssignedValues.Of(command, cancellationToken).Single is { } created &&
            SqlSink.TryGet(FlowEngine.Unwrap(created)!, symbols, out var fromConstructor))
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
