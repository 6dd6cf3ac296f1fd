using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// Where SQL text reaches a database: ADO.NET command constructors and <c>CommandText</c>,
/// <c>NpgsqlDataSource.CreateCommand</c>, Dapper's <c>SqlMapper</c> methods and
/// <c>CommandDefinition</c>, and EF Core's <c>ExecuteSqlRaw</c>.
/// </summary>
internal readonly struct SqlSink
{
    private SqlSink(IOperation text, IOperation? parameters, IOperation? receiver, ImmutableArray<IOperation> positional = default)
    {
        Text = text;
        Parameters = parameters;
        Receiver = receiver;
        Positional = positional.IsDefault ? ImmutableArray<IOperation>.Empty : positional;
    }

    /// <summary>The connection, command or context the SQL runs on (or the command being created).</summary>
    public IOperation? Receiver { get; }

    /// <summary>The SQL text value.</summary>
    public IOperation Text { get; }

    /// <summary>Dapper's parameter object, when there is one.</summary>
    public IOperation? Parameters { get; }

    /// <summary>
    /// Values bound to <c>{0}</c>, <c>{1}</c>, ... in order: EF Core's <c>ExecuteSqlRaw(sql, params object[])</c>
    /// arguments, or the holes of a <c>FormattableString</c> (<c>ExecuteSql($"...")</c>), which EF Core sends as parameters.
    /// </summary>
    public ImmutableArray<IOperation> Positional { get; }

    /// <summary>Recognises an invocation, object creation or assignment that passes SQL.</summary>
    public static bool TryGet(IOperation operation, StoreSymbols symbols, out SqlSink sink)
    {
        sink = default;
        switch (operation)
        {
            case IInvocationOperation invocation:
                return TryGetFromInvocation(invocation, symbols, out sink);

            case IObjectCreationOperation creation when creation.Constructor is not null:
                var type = creation.Type;
                if (StoreSymbols.IsOrDerivesFrom(type, symbols.DbCommand) ||
                    StoreSymbols.IsOrDerivesFrom(type, symbols.DbBatchCommand) ||
                    StoreSymbols.IsDefinition(type, symbols.DapperCommandDefinition))
                {
                    return TryGetByParameter(creation.Arguments, creation, out sink);
                }

                return false;

            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                when property.Property.Name == "CommandText" &&
                     (StoreSymbols.IsOrDerivesFrom(property.Property.ContainingType, symbols.DbCommand) ||
                      StoreSymbols.IsOrDerivesFrom(property.Property.ContainingType, symbols.DbBatchCommand) ||
                      StoreSymbols.IsOrDerivesFrom(property.Property.ContainingType, symbols.IDbCommand)):
                sink = new SqlSink(assignment.Value, null, property.Instance);
                return true;

            default:
                return false;
        }
    }

    private static bool TryGetFromInvocation(IInvocationOperation invocation, StoreSymbols symbols, out SqlSink sink)
    {
        sink = default;
        var containing = invocation.TargetMethod.ContainingType;
        if (StoreSymbols.IsDefinition(containing, symbols.SqlMapper) ||
            StoreSymbols.IsDefinition(containing, symbols.RelationalDatabaseFacadeExtensions) ||
            StoreSymbols.IsOrDerivesFrom(containing, symbols.NpgsqlDataSource) ||
            StoreSymbols.IsOrDerivesFrom(containing, symbols.DbCommand))
        {
            var receiver = invocation.Instance ??
                           (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
            return TryGetByParameter(invocation.Arguments, receiver, out sink);
        }

        return false;
    }

    // The parameter names are part of these libraries' public API (named arguments compile
    // against them), so they identify the SQL and the parameter object reliably.
    private static bool TryGetByParameter(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, IOperation? receiver, out SqlSink sink)
    {
        IOperation? text = null;
        IOperation? parameters = null;
        var positional = ImmutableArray<IOperation>.Empty;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (parameter.Type.SpecialType == SpecialType.System_String &&
                parameter.Name is "sql" or "commandText" or "cmdText")
            {
                text = argument.Value;
            }
            else if (parameter.Name == "sql" && parameter.Type.Name == nameof(System.FormattableString) &&
                     FlowEngine.Unwrap(argument.Value) is IInterpolatedStringOperation interpolated)
            {
                text = interpolated;
                positional = Holes(interpolated);
            }
            else if (parameter.Name is "param" or "parameters" && parameter.Type.SpecialType == SpecialType.System_Object)
            {
                parameters = argument.Value;
            }
            else if (parameter.Name == "parameters" && parameter.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Object })
            {
                positional = Elements(argument);
            }
        }

        sink = text is null ? default : new SqlSink(text, parameters, receiver, positional);
        return text is not null;
    }

    private static ImmutableArray<IOperation> Holes(IInterpolatedStringOperation interpolated)
    {
        var holes = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var part in interpolated.Parts)
        {
            if (part is IInterpolationOperation hole)
            {
                holes.Add(hole.Expression);
            }
        }

        return holes.ToImmutable();
    }

    // params object[]: the elements the compiler packed, or an explicit array's initializer.
    private static ImmutableArray<IOperation> Elements(IArgumentOperation argument) =>
        FlowEngine.Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } initializer }
            ? initializer.ElementValues
            : ImmutableArray<IOperation>.Empty;
}
