using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.MongoDB;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;
using Tractatus.TestIsolation.Tool.Reporting;
using Tractatus.TestIsolation.Tool.Settings;

namespace Tractatus.TestIsolation.Tool.Targets;

/// <summary>
/// One opened target (a PostgreSQL or MongoDB server, a SQLite folder or a state root) as the core's
/// <see cref="ILeaseStore"/>: listing and sweeping are the core's <see cref="LeaseSweeper"/>, never the tool's own.
/// </summary>
internal sealed class SessionTarget : IAsyncDisposable
{
    // How long checking that a target answers may take; the providers' own connect timeouts (3 s) come first.
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(30);

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly IIsolatedDatabaseProvider? _provider;
    private readonly ILeaseStore _store;
    private readonly SecretRedactor _redactor;

    private SessionTarget(TargetSetting setting, IIsolatedDatabaseProvider? provider, ILeaseStore store, SecretRedactor redactor)
    {
        Setting = setting;
        _provider = provider;
        _store = store;
        _redactor = redactor;
        Kind = store.Kind;
        Location = redactor.Redact(store.Location);
    }

    public TargetSetting Setting { get; }

    /// <summary>Provider kind: <c>postgresql</c>, <c>mongodb</c>, <c>sqlite</c>, <c>state</c>.</summary>
    public string Kind { get; }

    /// <summary>Where the target is, without password.</summary>
    public string Location { get; }

    /// <summary>Opens the target and checks that it answers (lists its names once); a failure says what and where, redacted.</summary>
    public static async Task<(SessionTarget? Target, TargetFailure? Failure)> OpenAsync(TargetSetting setting, SecretRedactor redactor)
    {
        IIsolatedDatabaseProvider? provider = null;
        try
        {
            ILeaseStore store;
            (provider, store) = setting.Kind switch
            {
                TargetKind.PostgreSql => Store(new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions { ConnectionString = setting.Value })),
                TargetKind.MongoDB => Store(new MongoDatabaseProvider(new MongoProviderOptions { ConnectionString = setting.Value })),
                TargetKind.Sqlite => Store(new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = setting.Value })),
                _ => (null, SessionStateDirectory.LeaseStoreFor(setting.Value)),
            };
            var target = new SessionTarget(setting, provider, store, redactor);
            using var timeout = new CancellationTokenSource(ReachTimeout);
            await store.ListNamesAsync(timeout.Token).ConfigureAwait(false);
            return (target, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (provider is not null)
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }

            var message = ex is OperationCanceledException
                ? $"did not answer within {ReachTimeout.TotalSeconds} s. Check that the server runs and is reachable from here."
                : Describe(ex);
            return (null, new TargetFailure(setting.Kind.ToString().ToLowerInvariant(), redactor.Redact(setting.Kind is TargetKind.Sqlite or TargetKind.StateDirectory ? setting.Value : Safe(setting)), setting.Source, redactor.Redact(message)));
        }
    }

    public async Task<IReadOnlyList<ResourceView>> ListAsync(string? onlySessionId, CancellationToken cancellationToken)
    {
        var resources = await LeaseSweeper.ListAsync(_store, new SweepOptions { OnlySessionId = onlySessionId }, cancellationToken).ConfigureAwait(false);
        return resources.Select(View).ToList();
    }

    public async Task<IReadOnlyList<SweepItemView>> SweepAsync(bool dryRun, Action<SweepItemView>? progress, CancellationToken cancellationToken)
    {
        var options = new SweepOptions
        {
            DryRun = dryRun,
            Progress = progress is null ? null : new SynchronousProgress<SweepItemResult>(item => progress(View(item))),
        };
        var report = await LeaseSweeper.SweepAsync(_store, options, cancellationToken).ConfigureAwait(false);
        return report.Items.Select(View).ToList();
    }

    public async Task ObserveSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var resources = await LeaseSweeper.ListAsync(_store, new SweepOptions { OnlySessionId = sessionId }, cancellationToken).ConfigureAwait(false);
        lock (_seen)
        {
            _seen.UnionWith(resources.Where(r => r.State is not (LeaseState.Unleased or LeaseState.Vanished)).Select(r => r.Name));
        }
    }

    /// <summary>Drops what the finished session left here (the core's rules for a finished session); never throws.</summary>
    public async Task<TargetCleanup> CleanUpSessionAsync(string sessionId)
    {
        var dropped = new List<string>();
        var left = new List<string>();
        var problems = new List<string>();
        try
        {
            var report = await LeaseSweeper.DropFinishedSessionAsync(_store, sessionId).ConfigureAwait(false);
            foreach (var item in report.Items)
            {
                switch (item.Action)
                {
                    case SweepAction.Dropped:
                        dropped.Add(item.Name);
                        break;
                    case SweepAction.Ignored:
                        break;
                    default:
                        left.Add(item.Name);
                        problems.Add($"{item.Name}: {_redactor.Redact(item.Reason)}");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            problems.Add($"could not clean up: {_redactor.Redact(Describe(ex))} A later sweep removes what is left once its leases expire.");
        }

        string[] created;
        lock (_seen)
        {
            _seen.UnionWith(dropped);
            _seen.UnionWith(left);
            created = [.. _seen.Order(StringComparer.Ordinal)];
        }

        return new TargetCleanup(Kind, Location, created, dropped, left, problems);
    }

    public TargetFailure Failure(Exception exception) => new(Kind, Location, Setting.Source, _redactor.Redact(Describe(exception)));

    public async ValueTask DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ResourceView View(LeasedResource resource) => new(
        resource.Store,
        _redactor.Redact(resource.Location),
        resource.Name,
        resource.SessionId,
        StateName(resource.State),
        resource.State.ToString(),
        resource.Host,
        resource.ProcessId,
        resource.User,
        resource.CiJob,
        resource.StartedAt,
        resource.HeartbeatAt,
        resource.ExpiresAt,
        resource.Detail is null ? null : _redactor.Redact(resource.Detail));

    private SweepItemView View(SweepItemResult item) => new(View(item.Resource), ActionName(item.Action), _redactor.Redact(item.Reason));

    /// <summary>The three states people ask about, plus the two that mean "could not tell".</summary>
    private static string StateName(LeaseState state) => state switch
    {
        LeaseState.Current or LeaseState.Live or LeaseState.Reserved or LeaseState.ExpiredOwnerAlive => "live",
        LeaseState.Expired or LeaseState.Abandoned => "expired",
        LeaseState.Unleased => "unleased",
        LeaseState.Vanished => "gone",
        _ => "unreadable",
    };

    private static string ActionName(SweepAction action) => action switch
    {
        SweepAction.Dropped => SweepItemView.Dropped,
        SweepAction.WouldDrop => SweepItemView.WouldDrop,
        SweepAction.KeptLive => SweepItemView.KeptLive,
        SweepAction.Ignored => SweepItemView.Ignored,
        _ => SweepItemView.Failed,
    };

    private static (IIsolatedDatabaseProvider, ILeaseStore) Store(IIsolatedDatabaseProvider provider) => (provider, provider.LeaseStore);

    private static string Describe(Exception exception) =>
        exception.InnerException is { } inner && exception is AggregateException or TypeInitializationException ? Describe(inner) : exception.Message;

    // Before a provider is open there is no Location; say which server without the connection string itself.
    private static string Safe(TargetSetting setting) => setting.Kind switch
    {
        TargetKind.PostgreSql => TryPostgresHost(setting.Value),
        TargetKind.MongoDB => TryMongoHosts(setting.Value),
        _ => setting.Value,
    };

    private static string TryPostgresHost(string connectionString)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return $"{builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }
    }

    private static string TryMongoHosts(string uri)
    {
        try
        {
            return string.Join(",", global::MongoDB.Driver.MongoUrl.Create(uri).Servers.Select(s => $"{s.Host}:{s.Port}"));
        }
        catch (Exception ex) when (ex is global::MongoDB.Driver.MongoConfigurationException or ArgumentException or FormatException)
        {
            return "(unparseable connection string)";
        }
    }

    /// <summary>Reports on the sweeping thread, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
