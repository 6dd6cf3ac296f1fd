using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace Tractatus.TestIsolation.MongoDB;

/// <summary>
/// One MongoDB deployment as the provider sees it: the client, password-free descriptions for
/// messages, connection strings per database, the server's clock, and driver errors turned into
/// messages that say what is wrong and which setting to change.
/// </summary>
internal sealed class MongoServer : IDisposable
{
    private readonly MongoUrl _url;
    private readonly MongoClient _client;
    private readonly TimeSpan _selectionTimeout;

    public MongoServer(MongoProviderOptions options)
    {
        var connectionString = options.ResolveConnectionString();
        try
        {
            _url = MongoUrl.Create(connectionString);
        }
        catch (Exception e) when (e is MongoConfigurationException or ArgumentException or FormatException)
        {
            // The driver's message describes the problem; the string itself may hold a password and is not repeated.
            throw new ArgumentException($"The MongoDB connection string (MongoProviderOptions.ConnectionString or {MongoProviderOptions.ConnectionStringVariable}) is not valid: {e.Message}", nameof(options), e);
        }

        _selectionTimeout = options.ServerSelectionTimeout;
        var settings = MongoClientSettings.FromUrl(_url);
        settings.ServerSelectionTimeout = options.ServerSelectionTimeout;
        settings.ConnectTimeout = options.ConnectTimeout;
        _client = new MongoClient(settings);
    }

    public IMongoClient Client => _client;

    /// <summary>Hosts and user, never the password: <c>mongodb://user@host1:27017,host2:27017/database</c>.</summary>
    public string Describe(string? database = null)
    {
        var scheme = _url.Scheme == ConnectionStringScheme.MongoDBPlusSrv ? "mongodb+srv" : "mongodb";
        var user = string.IsNullOrEmpty(_url.Username) ? string.Empty : _url.Username + "@";
        // An SRV record names a host whose port means nothing; seed lists name host:port.
        var hosts = string.Join(",", _url.Servers.Select(s => _url.Scheme == ConnectionStringScheme.MongoDBPlusSrv
            ? s.Host
            : string.Create(CultureInfo.InvariantCulture, $"{s.Host}:{s.Port}")));
        return $"{scheme}://{user}{hosts}/{database}";
    }

    /// <summary>The connection string for <paramref name="database"/>, keeping the original authentication database.</summary>
    public string ConnectionStringFor(string database)
    {
        var builder = new MongoUrlBuilder(_url.ToString()) { DatabaseName = database };
        if (!string.IsNullOrEmpty(_url.Username) && string.IsNullOrEmpty(_url.AuthenticationSource))
        {
            // Without authSource the path database is where the user is defined; keep authenticating there.
            builder.AuthenticationSource = _url.DatabaseName ?? "admin";
        }

        return builder.ToString();
    }

    /// <summary>The server's clock from the <c>hello</c> reply (<c>localTime</c>); machines' clocks differ, this one is shared.</summary>
    public Task<DateTimeOffset> ServerNowAsync(CancellationToken cancellationToken) => RunAsync(async () =>
    {
        var admin = _client.GetDatabase("admin");
        BsonDocument reply;
        try
        {
            reply = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (MongoCommandException)
        {
            // Servers before 4.4.2 know only the legacy name.
            reply = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("isMaster", 1), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (!reply.TryGetValue("localTime", out var localTime) || !localTime.IsValidDateTime)
        {
            throw new InvalidOperationException($"MongoDB server {Describe()} did not report its clock (no localTime in the hello reply); leases need it.");
        }

        return new DateTimeOffset(localTime.ToUniversalTime(), TimeSpan.Zero);
    });

    /// <summary>Runs a driver call, turning "cannot reach" and "rejected credentials" into actionable messages.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException(
                $"MongoDB server {Describe()} did not answer within {_selectionTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s. "
                + $"Start the server or point MongoProviderOptions.ConnectionString (or {MongoProviderOptions.ConnectionStringVariable}) at a running one; "
                + "raise MongoProviderOptions.ServerSelectionTimeout if it is only slow.",
                e);
        }
        catch (MongoAuthenticationException e)
        {
            throw new InvalidOperationException(
                $"MongoDB server {Describe()} rejected the credentials of user '{_url.Username}' ({e.Message}). "
                + $"Fix the user name, password or authSource in MongoProviderOptions.ConnectionString (or {MongoProviderOptions.ConnectionStringVariable}).",
                e);
        }
    }

    /// <summary>Names of every database on the server.</summary>
    public Task<List<string>> ListDatabaseNamesAsync(CancellationToken cancellationToken) => RunAsync(async () =>
    {
        using var cursor = await _client.ListDatabaseNamesAsync(cancellationToken).ConfigureAwait(false);
        return await cursor.ToListAsync(cancellationToken).ConfigureAwait(false);
    });

    public async Task RunAsync(Func<Task> action) => await RunAsync(async () =>
    {
        await action().ConfigureAwait(false);
        return true;
    }).ConfigureAwait(false);

    public void Dispose() => _client.Dispose();
}
