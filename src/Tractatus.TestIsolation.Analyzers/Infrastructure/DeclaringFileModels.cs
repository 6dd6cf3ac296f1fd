using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>
/// The semantic model of another file of the compilation, for following a member to the value it
/// is given where it is declared (a fixture or temp-directory helper in its own file). Callers bind
/// one expression per member and cache the result per compilation, so the cost RS1030 warns about
/// is paid once per traced member, not per analyzed operation.
/// </summary>
internal static class DeclaringFileModels
{
    /// <summary>A model for <paramref name="tree"/>: <paramref name="model"/> itself when it is that file's.</summary>
    public static SemanticModel? For(SemanticModel model, SyntaxTree tree)
    {
        if (tree == model.SyntaxTree)
        {
            return model;
        }

        if (!model.Compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

#pragma warning disable RS1030 // See the type's remarks: one bind per traced member, cached by the callers.
        return model.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
