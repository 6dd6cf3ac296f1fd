using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// Finds fixed values under identifier-like keys in data written to a store (object and
/// collection initializers, constructor arguments, anonymous objects, dictionaries, BsonDocument)
/// and in filters (<c>Builders&lt;T&gt;.Filter.Eq</c>, predicate lambdas, BsonDocument and JSON
/// filters), following locals and fields assigned once.
/// </summary>
internal sealed class IdentifierFinder
{
    private const int MaxDepth = 6;

    private static readonly Regex JsonPair = new(
        @"[""']?(?<key>[A-Za-z_$][\w.$]*)[""']?\s*:\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)')",
        RegexOptions.CultureInvariant);

    private readonly StoreSymbols _symbols;
    private readonly NameSet _names;
    private readonly CancellationToken _cancellationToken;
    // Both are created on first use: most data a rule inspects holds no identifier and follows no symbol.
    private ImmutableArray<IdentifierValue>.Builder? _found;
    private HashSet<ISymbol>? _visited;

    // Helper calls the walk is inside (outermost first): their parameters are those calls' arguments.
    private ImmutableArray<IInvocationOperation> _calls = ImmutableArray<IInvocationOperation>.Empty;

    // Callers of a helper whose parameter holds the written data, at most this many.
    private const int MaxCallers = 8;

    private IdentifierFinder(StoreSymbols symbols, NameSet names, CancellationToken cancellationToken)
    {
        _symbols = symbols;
        _names = names;
        _cancellationToken = cancellationToken;
    }

    private ImmutableArray<IdentifierValue> Found() => _found?.ToImmutable() ?? ImmutableArray<IdentifierValue>.Empty;

    private void Add(IdentifierValue value) => (_found ??= ImmutableArray.CreateBuilder<IdentifierValue>()).Add(value);

    // False when the symbol was followed already in this walk (a cycle or a second path to it).
    private bool Visit(ISymbol symbol) => (_visited ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(symbol);

    /// <summary>Identifier values in data that is written (a document, entity, list of them, parameter object).</summary>
    public static ImmutableArray<IdentifierValue> InData(IOperation? data, StoreSymbols symbols, NameSet names, CancellationToken cancellationToken)
    {
        var finder = new IdentifierFinder(symbols, names, cancellationToken);
        finder.WalkData(data, 0);
        return finder.Found();
    }

    /// <summary>Identifier values a filter matches on.</summary>
    public static ImmutableArray<IdentifierValue> InFilter(IOperation? filter, StoreSymbols symbols, NameSet names, CancellationToken cancellationToken)
    {
        var finder = new IdentifierFinder(symbols, names, cancellationToken);
        finder.WalkFilter(filter, 0);
        return finder.Found();
    }

    /// <summary>
    /// Identifier values an update writes: <c>Builders&lt;T&gt;.Update.Set(x =&gt; x.Slug, "x")</c>,
    /// <c>SetOnInsert</c>, chains and <c>Combine</c>, or a <c>{ $set: { slug: "x" } }</c> document.
    /// </summary>
    public static ImmutableArray<IdentifierValue> InUpdate(IOperation? update, StoreSymbols symbols, NameSet names, CancellationToken cancellationToken)
    {
        var finder = new IdentifierFinder(symbols, names, cancellationToken);
        finder.WalkUpdate(update, 0);
        return finder.Found();
    }

    private void WalkUpdate(IOperation? operation, int depth)
    {
        operation = FlowEngine.Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return;
        }

        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "Set" or "SetOnInsert", Arguments.Length: >= 2 } set when
                set.TargetMethod.ContainingType?.Name is "UpdateDefinitionBuilder" or "UpdateDefinitionExtensions":
                var offset = set.TargetMethod.IsExtensionMethod ? 1 : 0;
                if (set.Arguments.Length >= offset + 2 && FieldName(set.Arguments[offset].Value) is { } key)
                {
                    CheckKeyValue(key, set.Arguments[offset + 1].Value, depth);
                }

                // Builders<T>.Update.Set(...).Set(...): the earlier links of the chain.
                WalkUpdate(offset == 1 ? set.Arguments[0].Value : set.Instance, depth + 1);
                break;

            case IInvocationOperation { TargetMethod.Name: "Combine" } combine:
                foreach (var argument in combine.Arguments)
                {
                    foreach (var item in ItemsOf(argument.Value))
                    {
                        WalkUpdate(item, depth + 1);
                    }
                }

                break;

            case ILocalReferenceOperation local when Visit(local.Local):
                WalkUpdate(AssignedValues.Of(local, _cancellationToken).Single, depth + 1);
                break;

            default:
                WalkData(operation, depth + 1);
                break;
        }
    }

    /// <summary>Identifier values in the models of a <c>BulkWrite</c> (inserted documents and model filters).</summary>
    public static ImmutableArray<IdentifierValue> InWriteModels(IOperation? models, StoreSymbols symbols, NameSet names, CancellationToken cancellationToken)
    {
        var finder = new IdentifierFinder(symbols, names, cancellationToken);
        foreach (var model in finder.ItemsOf(models))
        {
            if (Creations.Find(model, cancellationToken) is { } creation &&
                StoreSymbols.IsOrDerivesFrom(creation.Type, symbols.WriteModel))
            {
                foreach (var argument in creation.Arguments)
                {
                    switch (MongoArguments.Classify(argument, symbols))
                    {
                        case MongoArgumentKind.Data:
                            finder.WalkData(argument.Value, 1);
                            break;
                        case MongoArgumentKind.Filter:
                            finder.WalkFilter(argument.Value, 1);
                            break;
                        case MongoArgumentKind.Update:
                            finder.WalkUpdate(argument.Value, 1);
                            break;
                    }
                }
            }
        }

        return finder.Found();
    }

    private void WalkData(IOperation? operation, int depth)
    {
        operation = FlowEngine.Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return;
        }

        _cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IObjectCreationOperation creation:
                WalkCreation(creation, depth);
                break;

            case IAnonymousObjectCreationOperation anonymous:
                foreach (var initializer in anonymous.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
                    {
                        CheckKeyValue(property.Property.Name, assignment.Value, depth);
                    }
                }

                break;

            case IArrayCreationOperation array when array.Initializer is not null:
                foreach (var element in array.Initializer.ElementValues)
                {
                    WalkData(element, depth + 1);
                }

                break;

            case IInvocationOperation invocation when IsKeyValueAdd(invocation) && _symbols.IsBsonDocument(invocation.TargetMethod.ContainingType):
                // new BsonDocument("a", 1).Add("slug", "x")
                WalkAdd(invocation, depth);
                WalkData(invocation.Instance, depth + 1);
                break;

            case IInvocationOperation { TargetMethod.Name: "Parse", Arguments.Length: >= 1 } parse when _symbols.IsBsonDocument(parse.TargetMethod.ContainingType):
                // BsonDocument.Parse("{ slug: 'x' }"), of a local or constant JSON text, or of a serialized object.
                WalkJson(parse.Arguments[0].Value);
                WalkData(parse.Arguments[0].Value, depth + 1);
                break;

            case IInvocationOperation converted when IsDocumentConversion(converted.TargetMethod):
                // poco.ToBsonDocument(), JsonSerializer.Serialize(poco), BsonSerializer.Serialize(writer, poco)
                foreach (var argument in converted.Arguments)
                {
                    if (argument.Parameter?.OriginalDefinition.Type is ITypeParameterSymbol or { SpecialType: SpecialType.System_Object })
                    {
                        WalkData(argument.Value, depth + 1);
                    }
                }

                WalkData(converted.Instance, depth + 1);
                break;

            case IInvocationOperation helper when FlowEngine.IsFollowable(helper.TargetMethod) && Visit(helper.TargetMethod):
                // NewOrder("order-1") => new Order { Id = id }: the helper's returned object; its
                // parameters are this call's arguments.
                var outer = _calls;
                _calls = outer.Add(helper);
                foreach (var returned in HelperBodies.ReturnedValues(helper.TargetMethod, helper.SemanticModel, _cancellationToken))
                {
                    WalkData(returned, depth + 2);
                }

                _calls = outer;
                break;

            case IParameterReferenceOperation parameter:
                WalkParameter(parameter, depth);
                break;

            case { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.CollectionExpressionSyntax }:
                // [new Tag { Slug = "x" }, ...]: the elements (the compiler's API names no operation for it yet).
                foreach (var element in operation.ChildOperations)
                {
                    WalkData(element, depth + 1);
                }

                break;

            case ILocalReferenceOperation local when Visit(local.Local):
                if (Elements.ForEachCollection(local.Local, local.SemanticModel, _cancellationToken) is { } collection)
                {
                    // foreach (var doc in docs) collection.InsertOne(doc)
                    foreach (var element in Elements.Of(collection, _cancellationToken))
                    {
                        WalkData(element, depth + 1);
                    }
                }
                else if (AssignedValues.Of(local, _cancellationToken).Single is { } value)
                {
                    WalkData(value, depth + 1);
                    foreach (var write in LocalWrites.Of(local, _cancellationToken))
                    {
                        WalkWrite(write, depth);
                    }
                }

                break;

            case IFieldReferenceOperation or IPropertyReferenceOperation when ReferencedSymbol(operation) is { } member && Visit(member):
                if (AssignedValues.OfAnyFile(operation, _cancellationToken).Single is { } held)
                {
                    WalkData(held, depth + 1);
                }

                break;
        }
    }

    // Data that is a parameter: the argument of the helper call being walked, or else, for the method
    // that writes it (Insert<T>(T item) => collection.InsertOne(item)), the arguments of its callers.
    private void WalkParameter(IParameterReferenceOperation reference, int depth)
    {
        var parameter = reference.Parameter;
        if (parameter.RefKind != RefKind.None || parameter.ContainingSymbol is not IMethodSymbol method)
        {
            return;
        }

        if (!_calls.IsEmpty)
        {
            var call = _calls[_calls.Length - 1];
            if (SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition))
            {
                var outer = _calls;
                _calls = outer.RemoveAt(outer.Length - 1);
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter?.Ordinal == parameter.Ordinal)
                    {
                        WalkData(argument.Value, depth + 1);
                    }
                }

                _calls = outer;
            }

            return;
        }

        if (method.MethodKind != MethodKind.Ordinary || !FlowEngine.IsFollowable(method) || !Visit(parameter))
        {
            return;
        }

        foreach (var site in HelperBodies.CallSites(method, reference.SemanticModel, MaxCallers, _cancellationToken))
        {
            foreach (var argument in site.Arguments)
            {
                if (argument.Parameter?.Ordinal == parameter.Ordinal && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    WalkData(argument.Value, depth + 2);
                }
            }
        }
    }

    private void WalkCreation(IObjectCreationOperation creation, int depth)
    {
        var type = creation.Type;
        if ((_symbols.IsBsonDocument(type) ||
             StoreSymbols.IsDefinition(type, _symbols.BsonElement) ||
             StoreSymbols.IsDefinition(type, _symbols.KeyValuePair)) &&
            creation.Arguments.Length == 2 &&
            FlowEngine.ConstantString(creation.Arguments[0].Value) is { } key)
        {
            // new BsonDocument("slug", "x"), new BsonElement("slug", "x"), new KeyValuePair<string, object>("slug", "x")
            CheckKeyValue(key, creation.Arguments[1].Value, depth);
        }
        else
        {
            foreach (var argument in creation.Arguments)
            {
                // Positional records and constructors: the parameter name is the member name.
                if (argument.Parameter is { } parameter && _names.Contains(parameter.Name))
                {
                    CheckKeyValue(parameter.Name, argument.Value, depth);
                }
                else if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    WalkData(argument.Value, depth + 1);
                }
            }
        }

        if (creation.Initializer is { } initializerList)
        {
            WalkInitializer(initializerList, depth);
        }
    }

    private void WalkInitializer(IObjectOrCollectionInitializerOperation initializerList, int depth)
    {
        foreach (var initializer in initializerList.Initializers)
        {
            switch (initializer)
            {
                case ISimpleAssignmentOperation assignment:
                    WalkWrite(assignment, depth);
                    break;
                case IMemberInitializerOperation nested:
                    WalkInitializer(nested.Initializer, depth + 1);
                    break;
                case IInvocationOperation add:
                    WalkAdd(add, depth);
                    break;
            }
        }
    }

    // Doc.Slug = v, doc["slug"] = v, doc.Add("slug", v), list.Add(item)
    private void WalkWrite(IOperation write, int depth)
    {
        switch (write)
        {
            case ISimpleAssignmentOperation assignment when KeyOf(assignment.Target) is { } key:
                CheckKeyValue(key, assignment.Value, depth);
                break;
            case IInvocationOperation invocation:
                WalkAdd(invocation, depth);
                break;
        }
    }

    private void WalkAdd(IInvocationOperation add, int depth)
    {
        if (IsKeyValueAdd(add) && FlowEngine.ConstantString(add.Arguments[0].Value) is { } key)
        {
            CheckKeyValue(key, add.Arguments[1].Value, depth);
            return;
        }

        foreach (var argument in add.Arguments)
        {
            WalkData(argument.Value, depth + 1);
        }
    }

    private static bool IsKeyValueAdd(IInvocationOperation invocation) =>
        invocation.Arguments.Length >= 2 &&
        invocation.TargetMethod.Name is "Add" or "Set" or "TryAdd" &&
        invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String;

    private void CheckKeyValue(string key, IOperation value, int depth)
    {
        if (_names.Contains(key) && AddFixed(key, value))
        {
            return;
        }

        WalkData(value, depth + 1);
    }

    // Every fixed text the value can hold (a foreach over literals holds several) is a finding.
    private bool AddFixed(string key, IOperation value)
    {
        var any = false;
        foreach (var text in FlowEngine.FixedTextsOf(value, _calls, _cancellationToken))
        {
            Add(new IdentifierValue(key, FixedValue.Of(text)));
            any = true;
        }

        return any;
    }

    // Methods that turn an object into the document or JSON that is written.
    private static bool IsDocumentConversion(IMethodSymbol method) =>
        method.Name is "ToBsonDocument" or "ToJson" or "ToBson" or "Serialize" or "SerializeObject" or "SerializeToDocument" or "SerializeToElement" or "SerializeToNode" or "SerializeToUtf8Bytes" &&
        method.ContainingType?.Name is "BsonExtensionMethods" or "BsonSerializer" or "JsonSerializer" or "JsonConvert";

    private void WalkFilter(IOperation? operation, int depth)
    {
        operation = FlowEngine.Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return;
        }

        _cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IInvocationOperation invocation when _symbols.IsFilterBuilderMethod(invocation.TargetMethod):
                WalkFilterBuilder(invocation, depth);
                break;

            case IBinaryOperation { OperatorMethod: not null } combined:
                // filter1 & filter2, filter1 | filter2
                WalkFilter(combined.LeftOperand, depth + 1);
                WalkFilter(combined.RightOperand, depth + 1);
                break;

            case IObjectCreationOperation or IInvocationOperation when _symbols.IsBsonDocument(operation.Type):
                WalkData(operation, depth + 1);
                break;

            case IDelegateCreationOperation or IAnonymousFunctionOperation:
                WalkPredicate(operation, depth + 1);
                break;

            case ILiteralOperation or IFieldReferenceOperation { Field.IsConst: true } or ILocalReferenceOperation { Local.IsConst: true } or IInterpolatedStringOperation:
                WalkJson(operation);
                break;

            case ILocalReferenceOperation local when Visit(local.Local):
                WalkFilter(AssignedValues.Of(local, _cancellationToken).Single, depth + 1);
                break;

            case IFieldReferenceOperation or IPropertyReferenceOperation when ReferencedSymbol(operation) is { } member && Visit(member):
                WalkFilter(AssignedValues.Of(operation, _cancellationToken).Single, depth + 1);
                break;
        }
    }

    private void WalkFilterBuilder(IInvocationOperation invocation, int depth)
    {
        var arguments = invocation.Arguments;
        switch (invocation.TargetMethod.Name)
        {
            case "Eq" or "AnyEq" when arguments.Length >= 2 && FieldName(arguments[0].Value) is { } key:
                CheckFilterValue(key, arguments[1].Value);
                break;
            case "In" or "AnyIn" when arguments.Length >= 2 && FieldName(arguments[0].Value) is { } key:
                foreach (var element in ItemsOf(arguments[1].Value))
                {
                    CheckFilterValue(key, element);
                }

                break;
            case "And" or "Or":
                foreach (var argument in arguments)
                {
                    foreach (var element in ItemsOf(argument.Value))
                    {
                        WalkFilter(element, depth + 1);
                    }
                }

                break;
            case "Where" when arguments.Length >= 1:
                WalkPredicate(arguments[0].Value, depth + 1);
                break;
        }
    }

    private void WalkPredicate(IOperation? operation, int depth)
    {
        operation = FlowEngine.Unwrap(operation);
        switch (operation)
        {
            case IDelegateCreationOperation delegateCreation:
                WalkPredicate(delegateCreation.Target, depth);
                break;
            case IAnonymousFunctionOperation lambda:
                foreach (var returned in lambda.Body.Descendants().OfType<IReturnOperation>())
                {
                    WalkCondition(returned.ReturnedValue, depth + 1);
                }

                break;
        }
    }

    private void WalkCondition(IOperation? operation, int depth)
    {
        operation = FlowEngine.Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return;
        }

        switch (operation)
        {
            case IBinaryOperation binary when binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.And or BinaryOperatorKind.Or:
                WalkCondition(binary.LeftOperand, depth + 1);
                WalkCondition(binary.RightOperand, depth + 1);
                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                CheckComparison(equals.LeftOperand, equals.RightOperand);
                break;
            case IInvocationOperation { TargetMethod.Name: "Equals" } call when call.Instance is not null && call.Arguments.Length >= 1:
                CheckComparison(call.Instance, call.Arguments[0].Value);
                break;
            case IInvocationOperation { TargetMethod.Name: "Equals", Instance: null } call when call.Arguments.Length >= 2:
                CheckComparison(call.Arguments[0].Value, call.Arguments[1].Value);
                break;
        }
    }

    private void CheckComparison(IOperation left, IOperation right)
    {
        if (MemberName(left) is { } leftKey)
        {
            CheckFilterValue(leftKey, right);
        }
        else if (MemberName(right) is { } rightKey)
        {
            CheckFilterValue(rightKey, left);
        }
    }

    private void CheckFilterValue(string key, IOperation value)
    {
        if (_names.Contains(key))
        {
            AddFixed(key, value);
        }
    }

    // "{ slug: 'x' }" converted to a filter or document: a literal, constant or local JSON text.
    private void WalkJson(IOperation? json)
    {
        foreach (var text in FlowEngine.TextsOf(json, _cancellationToken))
        {
            if (text.Text.IndexOf('{') < 0)
            {
                continue;
            }

            foreach (Match match in JsonPair.Matches(text.Text))
            {
                var key = LastSegment(match.Groups["key"].Value);
                var group = match.Groups["value"];
                var value = group.Value;
                if (_names.Contains(key) && !string.IsNullOrWhiteSpace(value) && !FlowText.HasHole(value))
                {
                    var raw = text.Text.Substring(group.Index - 1, group.Length + 2);
                    Add(new IdentifierValue(key, new FixedValue(value, text.LocationOf(raw, preferDeclaration: true), text.IsFallback)));
                }
            }
        }
    }

    // Field of Filter.Eq: "slug", "author.slug", or x => x.Slug.
    private static string? FieldName(IOperation field)
    {
        var unwrapped = FlowEngine.Unwrap(field);
        if (FlowEngine.ConstantString(unwrapped) is { } name)
        {
            return LastSegment(name);
        }

        if (unwrapped is IDelegateCreationOperation delegateCreation)
        {
            unwrapped = delegateCreation.Target;
        }

        if (unwrapped is IAnonymousFunctionOperation lambda)
        {
            var returned = lambda.Body.Operations.OfType<IReturnOperation>().FirstOrDefault();
            return returned is null ? null : MemberName(returned.ReturnedValue);
        }

        return null;
    }

    // x.Slug, x["slug"]
    private static string? MemberName(IOperation? operation) => FlowEngine.Unwrap(operation) switch
    {
        IPropertyReferenceOperation { Arguments.Length: 1 } indexer => FlowEngine.ConstantString(indexer.Arguments[0].Value),
        IPropertyReferenceOperation property when property.Instance is not null => property.Property.Name,
        IFieldReferenceOperation field when field.Instance is not null => field.Field.Name,
        _ => null,
    };

    private static string? KeyOf(IOperation target) => target switch
    {
        IPropertyReferenceOperation { Arguments.Length: 1 } indexer => FlowEngine.ConstantString(indexer.Arguments[0].Value),
        IPropertyReferenceOperation property => property.Property.Name,
        IFieldReferenceOperation field => field.Field.Name,
        _ => null,
    };

    private static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private static string LastSegment(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name.Substring(dot + 1) : name;
    }

    /// <summary>The items of an array, a collection initializer, or a local holding one; else the value itself.</summary>
    private IEnumerable<IOperation> ItemsOf(IOperation? operation)
    {
        operation = FlowEngine.Unwrap(operation);
        if (operation is null)
        {
            return Enumerable.Empty<IOperation>();
        }

        var items = Elements.Of(operation, _cancellationToken).ToList();
        return items.Count > 0 || operation is ILocalReferenceOperation or IArrayCreationOperation or IObjectCreationOperation { Initializer: not null }
            ? items
            : new[] { operation };
    }
}
