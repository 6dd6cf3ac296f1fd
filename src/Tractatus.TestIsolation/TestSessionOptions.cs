using System.Globalization;
using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation;

/// <summary>Settings of a <see cref="TestSession"/>. <see cref="FromEnvironment()"/> reads them from <c>TRACTATUS_*</c> variables.</summary>
public sealed record TestSessionOptions
{
    /// <summary>Smallest allowed <see cref="MaxSlugLength"/>: the unique part of a slug alone needs up to 27 characters.</summary>
    public const int MinSlugLength = 32;

    /// <summary>Largest allowed <see cref="MaxSlugLength"/>.</summary>
    public const int MaxSlugLengthLimit = 1024;

    /// <summary>Environment variable for <see cref="MaxSlugLength"/>.</summary>
    public const string MaxSlugLengthVariable = "TRACTATUS_MAX_SLUG_LENGTH";

    /// <summary>Environment variable for <see cref="LeaseOptions.TimeToLive"/>, in seconds.</summary>
    public const string LeaseTimeToLiveVariable = "TRACTATUS_LEASE_TTL_SECONDS";

    /// <summary>Environment variable for <see cref="DatabasePrefix"/>.</summary>
    public const string DatabasePrefixVariable = "TRACTATUS_DATABASE_PREFIX";

    /// <summary>
    /// Environment variable for <see cref="SessionId"/>: set by a wrapper (such as the CI tool) so every test
    /// process of one run, e.g. each project of <c>dotnet test</c> on a solution, shares one session id.
    /// </summary>
    public const string SessionIdVariable = "TRACTATUS_SESSION_ID";

    private readonly int _maxSlugLength = 64;
    private readonly string _databasePrefix = "tractatus";
    private readonly string? _sessionId;

    /// <summary>
    /// Longest value <see cref="TestSession.Slug"/> and <see cref="TestSession.Unique"/> return, in UTF-8 bytes (default 64;
    /// the same as characters for ASCII).
    /// The base is shortened to fit; the unique part never is. Between 32 and 1024.
    /// </summary>
    public int MaxSlugLength
    {
        get => _maxSlugLength;
        init
        {
            if (value is < MinSlugLength or > MaxSlugLengthLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxSlugLength), value, $"MaxSlugLength must be between {MinSlugLength} and {MaxSlugLengthLimit}; the session id and counter alone take up to 27 characters.");
            }

            _maxSlugLength = value;
        }
    }

    /// <summary>
    /// The id the session takes instead of a new one (15 characters <c>[0-9a-z]</c>, as <see cref="TestSession.Id"/>);
    /// null (the default) for a new id. Every process started with the same id shares its names; each still records
    /// its own host and process id in the leases it writes.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not a session id.</exception>
    public string? SessionId
    {
        get => _sessionId;
        init => _sessionId = value is null || TestSession.IsValidId(value)
            ? value
            : throw new ArgumentException($"SessionId '{value}' is not a session id: it must be 15 characters 0-9 and a-z, as made by TestSession (e.g. 0m5x2k9qzab3f7k).", nameof(SessionId));
    }

    /// <summary>Lease time to live, heartbeat interval and lease clock for resources this session owns.</summary>
    public LeaseOptions Lease { get; init; } = new();

    /// <summary>The clock for <see cref="TestSession.StartedAt"/> and the times of generated values. Default the system clock; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Default prefix for session database names (default <c>tractatus</c>), for fixtures that do not choose one.</summary>
    public string DatabasePrefix
    {
        get => _databasePrefix;
        init => _databasePrefix = string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException("DatabasePrefix must not be empty.", nameof(DatabasePrefix))
            : value;
    }

    /// <summary>
    /// Defaults overridden by <c>TRACTATUS_MAX_SLUG_LENGTH</c>, <c>TRACTATUS_LEASE_TTL_SECONDS</c>, <c>TRACTATUS_DATABASE_PREFIX</c>
    /// and <c>TRACTATUS_SESSION_ID</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A variable is set to a value that is not valid; the message names it.</exception>
    public static TestSessionOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    internal static TestSessionOptions FromEnvironment(Func<string, string?> getVariable)
    {
        var options = new TestSessionOptions();

        var slug = getVariable(MaxSlugLengthVariable);
        if (!string.IsNullOrWhiteSpace(slug))
        {
            if (!int.TryParse(slug.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) || length is < MinSlugLength or > MaxSlugLengthLimit)
            {
                throw new InvalidOperationException($"{MaxSlugLengthVariable}='{slug}' is not a whole number between {MinSlugLength} and {MaxSlugLengthLimit}. Set it to the longest slug your data allows, or unset it for 64.");
            }

            options = options with { MaxSlugLength = length };
        }

        var ttl = getVariable(LeaseTimeToLiveVariable);
        if (!string.IsNullOrWhiteSpace(ttl))
        {
            if (!double.TryParse(ttl.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds >= 1) || seconds > TimeSpan.FromDays(1).TotalSeconds)
            {
                throw new InvalidOperationException($"{LeaseTimeToLiveVariable}='{ttl}' is not a number of seconds between 1 and 86400. Set it to how long a crashed session's resources may linger, or unset it for {LeaseOptions.DefaultTimeToLive.TotalSeconds} s.");
            }

            options = options with { Lease = new LeaseOptions { TimeToLive = TimeSpan.FromSeconds(seconds) } };
        }

        var prefix = getVariable(DatabasePrefixVariable);
        if (!string.IsNullOrWhiteSpace(prefix))
        {
            options = options with { DatabasePrefix = prefix.Trim() };
        }

        var sessionId = getVariable(SessionIdVariable);
        if (!string.IsNullOrWhiteSpace(sessionId))
        {
            var trimmed = sessionId.Trim();
            if (!TestSession.IsValidId(trimmed))
            {
                throw new InvalidOperationException($"{SessionIdVariable}='{sessionId}' is not a session id: it must be 15 characters 0-9 and a-z (e.g. 0m5x2k9qzab3f7k). Let the wrapper that starts the run set it, or unset it so each test process starts its own session.");
            }

            options = options with { SessionId = trimmed };
        }

        return options;
    }
}
