using System.Globalization;
using System.Text;

namespace Tractatus.TestIsolation;

/// <summary>
/// What a database server accepts as a database name, checked before anything is created so a bad
/// prefix fails with a message that names the character or length and the limit, not a driver error.
/// </summary>
public sealed class DatabaseNameRules
{
    /// <summary>Bytes the session part of a name takes: <c>_</c>, the 15-character id, and room for a <c>_n</c> counter up to 999.</summary>
    internal const int SessionSuffixBytes = 1 + 15 + 4;

    private const string MongoForbidden = "/\\.\"$*<>:|? \0";

    private readonly Func<char, bool> _isAllowed;
    private readonly Func<char, bool> _isAllowedFirst;
    private readonly string _firstCharacterRule;

    private DatabaseNameRules(string serverName, int maxBytes, string description, Func<char, bool> isAllowed, Func<char, bool> isAllowedFirst, string firstCharacterRule)
    {
        ServerName = serverName;
        MaxBytes = maxBytes;
        Description = description;
        _isAllowed = isAllowed;
        _isAllowedFirst = isAllowedFirst;
        _firstCharacterRule = firstCharacterRule;
    }

    /// <summary>
    /// MongoDB: none of <c>/ \ . " $ * &lt; &gt; : | ?</c>, space or NUL; fewer than 64 bytes of UTF-8; lower-case only,
    /// because MongoDB refuses two databases whose names differ only in case.
    /// </summary>
    public static DatabaseNameRules MongoDB { get; } = new(
        "MongoDB",
        63,
        "no / \\ . \" $ * < > : | ? space or NUL, no upper-case letters (names differing only in case collide), fewer than 64 bytes",
        c => MongoForbidden.IndexOf(c, StringComparison.Ordinal) < 0 && !char.IsUpper(c) && !char.IsControl(c),
        _ => true,
        string.Empty);

    /// <summary>
    /// PostgreSQL: at most 63 bytes (longer identifiers are silently truncated by the server), only <c>[a-z0-9_]</c>,
    /// starting with a letter or <c>_</c>, so names never need quoting and never fold case.
    /// </summary>
    public static DatabaseNameRules PostgreSql { get; } = new(
        "PostgreSQL",
        63,
        "only a-z, 0-9 and _, starting with a letter or _, at most 63 bytes",
        c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_',
        c => c is (>= 'a' and <= 'z') or '_',
        "must start with a lower-case letter or '_'");

    /// <summary>SQLite (a file per database): only <c>[a-z0-9_-]</c>, not starting with '-', at most 100 bytes, safe as a file name everywhere.</summary>
    public static DatabaseNameRules Sqlite { get; } = new(
        "SQLite",
        100,
        "only a-z, 0-9, _ and -, not starting with -, at most 100 bytes",
        c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-',
        c => c != '-',
        "must not start with '-' (it reads as a command-line option)");

    /// <summary>
    /// Valid on every supported server (the PostgreSQL rules are the strictest): <c>[a-z0-9_]</c>, starting with a
    /// letter or <c>_</c>, at most 63 bytes. Used when the caller does not name a server.
    /// </summary>
    public static DatabaseNameRules Portable { get; } = new(
        "any supported server",
        63,
        "only a-z, 0-9 and _, starting with a letter or _, at most 63 bytes (valid on MongoDB, PostgreSQL and SQLite)",
        c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_',
        c => c is (>= 'a' and <= 'z') or '_',
        "must start with a lower-case letter or '_'");

    /// <summary>The server these rules are for, as shown in messages.</summary>
    public string ServerName { get; }

    /// <summary>Longest allowed name in bytes of UTF-8.</summary>
    public int MaxBytes { get; }

    /// <summary>Longest allowed prefix in bytes: <see cref="MaxBytes"/> less <see cref="SessionSuffixBytes"/>.</summary>
    internal int MaxPrefixBytes => MaxBytes - SessionSuffixBytes;

    /// <summary>The rules in words, as used in messages.</summary>
    public string Description { get; }

    /// <summary>Checks a prefix for <see cref="TestSession.DatabaseName(string, DatabaseNameRules)"/>, including room for the session suffix.</summary>
    /// <exception cref="ArgumentException">With <c>paramName</c> "prefix": what is wrong, and the rule.</exception>
    internal void ValidatePrefix(string prefix) => Validate(prefix, "Database name prefix", MaxPrefixBytes, "prefix",
        $"; the session part \"_<15-character id>_<n>\" needs {SessionSuffixBytes} more, and {ServerName} names are at most {MaxBytes} bytes. Use a shorter prefix");

    /// <summary>Checks a whole database name.</summary>
    /// <exception cref="ArgumentException">With <c>paramName</c> "name": what is wrong, and the rule.</exception>
    internal void ValidateName(string name) => Validate(name, "Database name", MaxBytes, "name", ". Use a shorter name");

    /// <inheritdoc />
    public override string ToString() => ServerName + " database names: " + Description;

    private void Validate(string value, string what, int maxBytes, string paramName, string lengthAdvice)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"{what} must not be empty. {ServerName} rules: {Description}.", paramName);
        }

        if (!_isAllowedFirst(value[0]))
        {
            throw new ArgumentException($"{what} \"{Printable(value)}\" starts with {Describe(value[0])}; {ServerName} names {_firstCharacterRule}. {ServerName} rules: {Description}.", paramName);
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (!_isAllowed(value[i]))
            {
                throw new ArgumentException($"{what} \"{Printable(value)}\" contains {Describe(value[i])} at index {i}, which {ServerName} database names may not contain. {ServerName} rules: {Description}.", paramName);
            }
        }

        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > maxBytes)
        {
            throw new ArgumentException($"{what} \"{Printable(value)}\" is {bytes} bytes of UTF-8, over the limit of {maxBytes} bytes{lengthAdvice}.", paramName);
        }
    }

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\0' => "a NUL character (\\0)",
        _ when char.IsUpper(c) => $"the upper-case letter '{c}'",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
        _ => $"'{c}' (U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)})",
    };

    private static string Printable(string value) => value.Replace("\0", "\\0", StringComparison.Ordinal);
}
