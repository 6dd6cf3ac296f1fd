using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// TI1003: in non-test code (the tooling that records session state), a constant, field or
/// property named like a session id (<c>SessionId</c>, <c>session_id</c>, <c>CurrentSessionId</c>;
/// option <c>tractatus_isolation.session_id_names</c>) that is initialized with, or assigned, a
/// string literal.
/// </summary>
/// <remarks>
/// Only a literal itself is reported. A value computed at run time — <c>Guid.NewGuid()</c>,
/// <c>TestSession.Current.Id</c>, a configuration read, and also a configuration read with a literal
/// fallback such as <c>Environment.GetEnvironmentVariable("X") ?? "local"</c> — is not: the id comes
/// from the environment whenever it is set, and the fallback is a default for ad-hoc local runs.
/// Locals are display fallbacks and never reported; nor are members of anonymous objects (log and
/// telemetry payloads). Members named like a key rather than an id (<c>SessionIdKey</c>,
/// <c>SessionIdHeader</c>) do not end in a session id name and are not matched, and neither are
/// members of types named like a list of names (<c>ClaimTypes.SessionId = "sid"</c>).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticSessionIdAnalyzer : IsolationAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.StaticSessionId);

    /// <inheritdoc />
    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AnalysisSession session)
    {
        if (!session.TestCode.MayContainNonTestCode(start.Compilation))
        {
            return;
        }

        start.RegisterOperationAction(c => AnalyzeFieldInitializer(c, session), OperationKind.FieldInitializer);
        start.RegisterOperationAction(c => AnalyzePropertyInitializer(c, session), OperationKind.PropertyInitializer);
        start.RegisterOperationAction(c => AnalyzeAssignment(c, session), OperationKind.SimpleAssignment);
        start.RegisterSyntaxNodeAction(c => AnalyzeExpressionBodiedProperty(c, session), SyntaxKind.PropertyDeclaration);
    }

    private static void AnalyzeFieldInitializer(OperationAnalysisContext context, AnalysisSession session)
    {
        var initializer = (IFieldInitializerOperation)context.Operation;
        foreach (var field in initializer.InitializedFields)
        {
            Check(context, session, field, initializer.Value);
        }
    }

    private static void AnalyzePropertyInitializer(OperationAnalysisContext context, AnalysisSession session)
    {
        var initializer = (IPropertyInitializerOperation)context.Operation;
        foreach (var property in initializer.InitializedProperties)
        {
            Check(context, session, property, initializer.Value);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, AnalysisSession session)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        var member = assignment.Target switch
        {
            IFieldReferenceOperation field => (ISymbol)field.Field,
            IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property,
            _ => null,
        };

        if (member is null || member.ContainingType is null || member.ContainingType.IsAnonymousType)
        {
            return;
        }

        Check(context, session, member, assignment.Value);
    }

    private static void AnalyzeExpressionBodiedProperty(SyntaxNodeAnalysisContext context, AnalysisSession session)
    {
        // public string SessionId => "2025-10-07-001";  is a constant by another name.
        var property = (PropertyDeclarationSyntax)context.Node;
        if (property.ExpressionBody?.Expression is not LiteralExpressionSyntax literal
            || !literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return;
        }

        var tree = context.Node.SyntaxTree;
        var name = property.Identifier.ValueText;
        var value = literal.Token.ValueText;
        if (session.TestCode.IsTestCode(tree) ||
            KeyNameContainers.IsKeyNameContainer(context.ContainingSymbol?.ContainingType) ||
            !IsFixedSessionId(session, tree, name, value))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.StaticSessionId, literal.GetLocation(), name, value));
    }

    private static void Check(OperationAnalysisContext context, AnalysisSession session, ISymbol member, IOperation value)
    {
        var memberName = member.Name;
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        if (value is not ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } })
        {
            return;
        }

        var tree = value.Syntax.SyntaxTree;
        if (session.TestCode.IsTestCode(tree) ||
            KeyNameContainers.IsKeyNameContainer(member.ContainingType) ||
            !IsFixedSessionId(session, tree, memberName, text))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.StaticSessionId, value.Syntax.GetLocation(), memberName, text));
    }

    private static bool IsFixedSessionId(AnalysisSession session, SyntaxTree tree, string memberName, string value)
    {
        var names = session.OptionsFor(tree).SessionIdNames;
        return names.MatchesSuffixOf(memberName) && SessionIdValue.LooksLikeFixedId(value, names);
    }
}
