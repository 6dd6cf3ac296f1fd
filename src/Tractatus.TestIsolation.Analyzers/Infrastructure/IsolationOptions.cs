namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>The <c>.editorconfig</c> options of this package, typed, for one syntax tree.</summary>
internal sealed class IsolationOptions
{
    public const string TestCodeKey = "tractatus_isolation.test_code";
    public const string IdentifierNamesKey = "tractatus_isolation.identifier_names";
    public const string SharedStatePathsKey = "tractatus_isolation.shared_state_paths";
    public const string SessionIdNamesKey = "tractatus_isolation.session_id_names";

    public const string DefaultIdentifierNames = "slug,id,_id,key,code,email,username,user_name,login,handle,externalId," +
        "resource,persistenceId,streamId,aggregateId,normalizedName,normalizedUserName,normalizedEmail,schedName,jobName,triggerName";
    public const string DefaultSharedStatePaths = "**/.claude/**;**/*state*.json;**/*history*.json;**/*checkpoint*.json";
    public const string DefaultSessionIdNames = "SessionId,session_id";

    public IsolationOptions(bool? testCode, NameSet identifierNames, PathPatternSet sharedStatePaths, NameSet sessionIdNames)
    {
        TestCode = testCode;
        IdentifierNames = identifierNames;
        SharedStatePaths = sharedStatePaths;
        SessionIdNames = sessionIdNames;
    }

    /// <summary><c>true</c>/<c>false</c> when the file's options say so; <c>null</c> to use detection.</summary>
    public bool? TestCode { get; }

    /// <summary>Member/key names whose values identify a record (TI1001, TI1004).</summary>
    public NameSet IdentifierNames { get; }

    /// <summary>Globs of shared state file paths (TI2001).</summary>
    public PathPatternSet SharedStatePaths { get; }

    /// <summary>Name suffixes of members holding a session id (TI1003).</summary>
    public NameSet SessionIdNames { get; }
}
