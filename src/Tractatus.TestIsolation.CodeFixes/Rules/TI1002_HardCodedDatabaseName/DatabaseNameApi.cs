using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tractatus.TestIsolation.CodeFixes.SessionValues;

namespace Tractatus.TestIsolation.CodeFixes.Rules;

/// <summary>
/// The database-name positions the TI1002 fix rewrites, and which server's naming rules apply:
/// the argument of <c>IMongoClient.GetDatabase/DropDatabase(Async)</c> (MongoDB) and an assignment to
/// <c>NpgsqlConnectionStringBuilder.Database</c> (PostgreSQL). Connection-string literals are
/// not rewritten: their other parts (host, credentials) are not this fix's to change.
/// </summary>
internal static class DatabaseNameApi
{
    public static SessionValueKind? KindOf(SemanticModel model, LiteralExpressionSyntax literal)
    {
        switch (literal.Parent)
        {
            case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } } argument
                when invocation.ArgumentList.Arguments.IndexOf(argument) == 0:
                if (model.GetSymbolInfo(invocation).Symbol is IMethodSymbol method &&
                    method.Name is "GetDatabase" or "DropDatabase" or "DropDatabaseAsync" &&
                    method.ContainingNamespace?.ToDisplayString() == "MongoDB.Driver")
                {
                    return SessionValueKind.MongoDatabaseName;
                }

                return null;

            case AssignmentExpressionSyntax assignment when assignment.Right == literal:
                if (model.GetSymbolInfo(assignment.Left).Symbol is IPropertySymbol { Name: "Database" } property &&
                    property.ContainingType.Name == "NpgsqlConnectionStringBuilder")
                {
                    return SessionValueKind.PostgreSqlDatabaseName;
                }

                return null;

            default:
                return null;
        }
    }

    /// <summary>
    /// True when the literal names a database or collection (<c>GetCollection("docs")</c>): a slug fix
    /// must not touch such a use of the same text, or every run would read a different collection.
    /// </summary>
    public static bool NamesStoreObject(SemanticModel model, LiteralExpressionSyntax literal) =>
        literal.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } } &&
        model.GetSymbolInfo(invocation).Symbol is IMethodSymbol method &&
        method.ContainingNamespace?.ToDisplayString() == "MongoDB.Driver" &&
        (method.Name.IndexOf("Collection", System.StringComparison.Ordinal) >= 0 || method.Name.IndexOf("Database", System.StringComparison.Ordinal) >= 0);

    /// <summary>A prefix every supported server accepts as the start of a database name.</summary>
    public static bool IsUsablePrefix(string value)
    {
        if (value.Length == 0 || value.Length > 40)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
