using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>What an argument of a MongoDB collection method or write model carries.</summary>
internal enum MongoArgumentKind
{
    Other,

    /// <summary>A document or documents that are stored (<c>TDocument</c>, <c>IEnumerable&lt;TDocument&gt;</c>).</summary>
    Data,

    /// <summary>A filter (<c>FilterDefinition&lt;T&gt;</c> or <c>Expression&lt;Func&lt;T, bool&gt;&gt;</c>).</summary>
    Filter,

    /// <summary>The requests of a <c>BulkWrite</c>.</summary>
    WriteModels,

    /// <summary>An update (<c>UpdateDefinition&lt;T&gt;</c>): the values it sets are written.</summary>
    Update,
}

/// <summary>
/// Classifies arguments by the declared parameter type of the method's original definition, so
/// every overload (with or without a session, options, cancellation) is handled alike.
/// </summary>
internal static class MongoArguments
{
    public static MongoArgumentKind Classify(IArgumentOperation argument, StoreSymbols symbols)
    {
        if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return MongoArgumentKind.Other;
        }

        var type = parameter.OriginalDefinition.Type;
        if (type is ITypeParameterSymbol)
        {
            return MongoArgumentKind.Data;
        }

        if (type is not INamedTypeSymbol named)
        {
            return MongoArgumentKind.Other;
        }

        if (StoreSymbols.IsDefinition(named, symbols.UpdateDefinition))
        {
            return MongoArgumentKind.Update;
        }

        if (StoreSymbols.IsDefinition(named, symbols.FilterDefinition) || StoreSymbols.IsDefinition(named, symbols.Expression1))
        {
            return MongoArgumentKind.Filter;
        }

        if (StoreSymbols.IsDefinition(named, symbols.Enumerable1) && named.TypeArguments.Length == 1)
        {
            var item = named.TypeArguments[0];
            if (item is ITypeParameterSymbol)
            {
                return MongoArgumentKind.Data;
            }

            if (StoreSymbols.IsDefinition(item, symbols.WriteModel))
            {
                return MongoArgumentKind.WriteModels;
            }
        }

        return MongoArgumentKind.Other;
    }
}
