namespace Tractatus.TestIsolation.CodeFixes.SessionValues;

/// <summary>What a fixed value becomes per session.</summary>
internal enum SessionValueKind
{
    /// <summary><c>Slug("...")</c>.</summary>
    Slug,

    /// <summary><c>Email("...")</c>: plus addressing keeps the address valid.</summary>
    Email,

    /// <summary><c>DatabaseName("...", DatabaseNameRules.MongoDB)</c>.</summary>
    MongoDatabaseName,

    /// <summary><c>DatabaseName("...", DatabaseNameRules.PostgreSql)</c>.</summary>
    PostgreSqlDatabaseName,
}

/// <summary>Chooses the per-session form of a fixed value.</summary>
internal static class SessionValueKinds
{
    /// <summary><see cref="SessionValueKind.Email"/> for an address (one '@', text on both sides, a dot in the domain), else a slug.</summary>
    public static SessionValueKind ForValue(string value)
    {
        var at = value.IndexOf('@');
        var isEmail = at > 0 && at == value.LastIndexOf('@') && value.IndexOf('.', at) > at + 1 &&
                      !value.EndsWith(".", System.StringComparison.Ordinal) && !System.Linq.Enumerable.Any(value, char.IsWhiteSpace);
        return isEmail ? SessionValueKind.Email : SessionValueKind.Slug;
    }
}
