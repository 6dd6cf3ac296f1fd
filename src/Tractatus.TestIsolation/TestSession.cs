using System.Collections.Concurrent;
using System.Globalization;
using Tractatus.TestIsolation.Naming;

namespace Tractatus.TestIsolation;

/// <summary>
/// One test run (usually one test assembly run in one process). Gives the run a unique id and derives
/// everything that must not collide with other runs from it: slugs, identifiers, e-mail addresses and
/// database names. Every generated value is recorded with its base so a failure can be traced.
/// </summary>
/// <remarks>Thread-safe: tests running in parallel may share one session.</remarks>
public sealed class TestSession
{
    private static readonly object CurrentGate = new();
    private static TestSession? _current;

    private readonly ConcurrentQueue<GeneratedValue> _generated = new();
    private readonly ConcurrentDictionary<string, int> _databaseCounters = new(StringComparer.Ordinal);
    private long _counter;

    private TestSession(TestSessionOptions options, DateTimeOffset startedAt, Func<string, string?> getVariable)
    {
        Options = options;
        StartedAt = startedAt;
        Id = options.SessionId ?? SessionIdGenerator.NewId(startedAt);
        Host = SafeRead(() => Environment.MachineName, "unknown-host");
        ProcessId = Environment.ProcessId;
        User = SafeRead(() => Environment.UserName, "unknown-user");
        CiJobId = CiJob.Detect(getVariable);
    }

    /// <summary>Raised after every generated value is recorded; hook a logger here. Handlers run on the calling thread.</summary>
    internal event EventHandler<GeneratedValue>? ValueGenerated;

    /// <summary>
    /// The ambient session of this process: the one set with <see cref="SetCurrent"/> (the xUnit framework hook
    /// does this), otherwise one started on first use with <see cref="TestSessionOptions.FromEnvironment()"/>.
    /// </summary>
    public static TestSession Current
    {
        get
        {
            var current = Volatile.Read(ref _current);
            if (current is not null)
            {
                return current;
            }

            lock (CurrentGate)
            {
                _current ??= Start(TestSessionOptions.FromEnvironment());
                return _current;
            }
        }
    }

    /// <summary>The ambient session if one was set or already started; never starts one.</summary>
    internal static TestSession? CurrentIfStarted => Volatile.Read(ref _current);

    /// <summary>The session id: 15 characters <c>[0-9a-z]</c>, sortable by start time, e.g. <c>0m5x2k9qzab3f7k</c>.</summary>
    public string Id { get; }

    /// <summary>When the session started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Machine name of the process that started the session.</summary>
    public string Host { get; }

    /// <summary>Process id of the process that started the session (for attribution only; pids are reused).</summary>
    public int ProcessId { get; }

    /// <summary>OS user that started the session.</summary>
    public string User { get; }

    /// <summary>CI job running the session, e.g. <c>github:123456789-1</c>; null outside CI.</summary>
    public string? CiJobId { get; }

    /// <summary>Settings this session was started with.</summary>
    public TestSessionOptions Options { get; }

    /// <summary>Every value this session generated, in order, with its base.</summary>
    internal IReadOnlyList<GeneratedValue> GeneratedValues => _generated.ToArray();

    /// <summary>
    /// Starts a new session, with a new id unless <see cref="TestSessionOptions.SessionId"/> is set (as
    /// <see cref="TestSessionOptions.FromEnvironment()"/> does from <c>TRACTATUS_SESSION_ID</c>). It does not become
    /// <see cref="Current"/>; call <see cref="SetCurrent"/> for that.
    /// </summary>
    public static TestSession Start(TestSessionOptions? options = null) =>
        new(options ?? new TestSessionOptions(), (options?.TimeProvider ?? TimeProvider.System).GetUtcNow(), Environment.GetEnvironmentVariable);

    /// <summary>Makes <paramref name="session"/> the ambient <see cref="Current"/> session of this process.</summary>
    internal static void SetCurrent(TestSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (CurrentGate)
        {
            _current = session;
        }
    }

    /// <summary>True when <paramref name="value"/> has the shape of a session id (15 characters <c>[0-9a-z]</c>).</summary>
    internal static bool IsValidId(string? value) => SessionIdGenerator.IsValid(value);

    /// <summary>
    /// A slug unique to this call: <c>&lt;base&gt;-&lt;session id&gt;-&lt;n&gt;</c>, lower-case letters, digits and '-'
    /// (<c>"Test Document"</c> → <c>test-document-0m5x2k9qzab3f7k-1</c>). Latin letters lose their accents
    /// (<c>"Straße"</c> → <c>strasse</c>); other scripts are kept (<c>"日本語"</c>). At most
    /// <see cref="TestSessionOptions.MaxSlugLength"/> bytes of UTF-8: a long base is shortened, the unique part never is.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="base"/> is null, empty, or has no letters or digits.</exception>
    public string Slug(string @base)
    {
        ThrowIfNullOrEmpty(@base);
        var normalized = SlugText.Normalize(@base);
        if (normalized.Length == 0)
        {
            throw new ArgumentException($"The slug base \"{@base}\" has no letters or digits, so the slug would say nothing about the test. Pass a readable base such as \"test-document\".", nameof(@base));
        }

        var unique = Id + "-" + NextCounter();
        var head = SlugText.TruncateUtf8(normalized, Options.MaxSlugLength - unique.Length - 1).TrimEnd('-');
        var value = head.Length == 0 ? unique : head + "-" + unique;
        return Record("slug", @base, value);
    }

    /// <summary>
    /// An identifier unique to this call that keeps the base as written (case and characters):
    /// <c>"Alice"</c> → <c>Alice-0m5x2k9qzab3f7k-2</c>. For usernames, keys and codes. Bounded in UTF-8 bytes like <see cref="Slug"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="base"/> is null or empty.</exception>
    public string Unique(string @base)
    {
        ThrowIfNullOrEmpty(@base);
        var unique = Id + "-" + NextCounter();
        var head = SlugText.TruncateUtf8(@base, Options.MaxSlugLength - unique.Length - 1);
        var value = head.Length == 0 ? unique : head + "-" + unique;
        return Record("unique", @base, value);
    }

    /// <summary>
    /// An e-mail address unique to this call using plus addressing, so mail still reaches the same mailbox:
    /// <c>"a@example.com"</c> → <c>a+0m5x2k9qzab3f7k-3@example.com</c>. The local part stays within 64 octets
    /// (UTF-8 bytes, as mail servers count them).
    /// </summary>
    /// <exception cref="ArgumentException">The address is empty or does not have exactly one '@' with text on both sides.</exception>
    public string Email(string address)
    {
        ThrowIfNullOrEmpty(address, nameof(address));
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@', at + 1) >= 0)
        {
            throw new ArgumentException($"\"{address}\" is not an e-mail address with exactly one '@' and text on both sides, such as \"user@example.com\".", nameof(address));
        }

        const int MaxLocalPart = 64;
        var tag = "+" + Id + "-" + NextCounter();
        var local = SlugText.TruncateUtf8(address[..at], MaxLocalPart - tag.Length);
        var value = local + tag + address[at..];
        return Record("email", address, value);
    }

    /// <summary>
    /// A database name for this session that is valid on every supported server
    /// (<see cref="DatabaseNameRules.Portable"/>): <c>&lt;prefix&gt;_&lt;session id&gt;</c>, then <c>_2</c>, <c>_3</c>, ...
    /// </summary>
    /// <exception cref="ArgumentException">The prefix is not lower-case <c>[a-z0-9_]</c> or is too long.</exception>
    public string DatabaseName(string prefix) => DatabaseName(prefix, DatabaseNameRules.Portable);

    /// <summary>
    /// A database name for this session: <c>&lt;prefix&gt;_&lt;session id&gt;</c> on the first call for a prefix,
    /// then <c>&lt;prefix&gt;_&lt;session id&gt;_2</c>, <c>_3</c>, ... Validated against <paramref name="rules"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The prefix breaks the server's rules (the message names the character or length and the limit).</exception>
    public string DatabaseName(string prefix, DatabaseNameRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        rules.ValidatePrefix(prefix);
        var n = _databaseCounters.AddOrUpdate(prefix, 1, (_, previous) => previous + 1);
        var name = n == 1
            ? prefix + "_" + Id
            : prefix + "_" + Id + "_" + n.ToString(CultureInfo.InvariantCulture);
        rules.ValidateName(name);
        return Record("database", prefix, name);
    }

    /// <inheritdoc />
    public override string ToString() => $"session {Id} ({User}@{Host}, pid {ProcessId}{(CiJobId is null ? string.Empty : ", " + CiJobId)})";

    private string NextCounter() => Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);

    private string Record(string kind, string @base, string value)
    {
        var generated = new GeneratedValue(kind, @base, value, Options.TimeProvider.GetUtcNow());
        _generated.Enqueue(generated);
        ValueGenerated?.Invoke(this, generated);
        return value;
    }

    private static void ThrowIfNullOrEmpty(string? value, string paramName = "base")
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"The {paramName} must not be null or empty.", paramName);
        }
    }

    private static string SafeRead(Func<string> read, string fallback)
    {
        try
        {
            var value = read();
            return string.IsNullOrWhiteSpace(value) ? fallback : value;
        }
        catch (InvalidOperationException)
        {
            return fallback;
        }
        catch (PlatformNotSupportedException)
        {
            return fallback;
        }
    }
}
