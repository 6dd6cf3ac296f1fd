namespace Tractatus.TestIsolation.Tool.Cli;

/// <summary>Examples and exit codes shown after each command's help.</summary>
internal static class HelpTexts
{
    public const string Root = """
        Examples:
          tractatus-isolation run --postgres "Host=db;Username=ci;Database=postgres" -- dotnet test MySolution.sln
          tractatus-isolation list --postgres "$TRACTATUS_POSTGRES_CONNECTION_STRING"
          tractatus-isolation sweep --dry-run

        Settings come from the options or from the library's environment variables (TRACTATUS_POSTGRES_CONNECTION_STRING,
        TRACTATUS_MONGODB_URI, TRACTATUS_SQLITE_FOLDER, TRACTATUS_LEASE_TTL_SECONDS). Passwords are never printed;
        a PostgreSQL password can also come from PGPASSWORD or ~/.pgpass, as in every Npgsql program.
        Exit codes: 0 success; 1 something could not be removed; 2 bad arguments or a target that cannot be reached;
        run: the command's own exit code (126/127 when it cannot be started or is not found).
        """;

    public const string Run = """
        Everything the command starts shares one session: TRACTATUS_SESSION_ID (and the targets' settings) are exported
        to it, so every test project of 'dotnet test MySolution.sln' uses the same session id. When the command exits,
        is killed, or the tool gets Ctrl+C/SIGTERM (passed on to the command; a second signal kills it), whatever the
        session left on the targets is dropped, a summary is printed (and appended to $GITHUB_STEP_SUMMARY when set),
        and the tool exits with the command's exit code. The SQLite default folder is always cleaned up too.

        Examples:
          tractatus-isolation run -- dotnet test MySolution.sln
          tractatus-isolation run --postgres "Host=127.0.0.1;Username=postgres;Database=postgres" --mongodb mongodb://127.0.0.1:27017 -- dotnet test
          tractatus-isolation run --state .claude --lease-ttl 60 -- ./run-integration-tests.sh --verbose

        Exit codes: the command's (128+N when signal N ended it); 2 bad arguments or a target that cannot be reached
        (the command is not started); 126 the command cannot be executed; 127 the command was not found.
        """;

    public const string List = """
        Shows every session-owned database, database file and state folder on the targets, with its owner session,
        host, process, user, CI job, start, last heartbeat and state:
          live       the owner renews its lease (or provably still runs, e.g. paused in a debugger)
          expired    the lease expired and the owner is gone: 'sweep' removes it
          unleased   named like a session resource but without this library's lease: never touched
        Without any target option or variable, the SQLite provider's default folder is listed.

        Examples:
          tractatus-isolation list --postgres "Host=db;Username=ci;Database=postgres"
          tractatus-isolation list --mongodb mongodb://127.0.0.1:27017 --sqlite /tmp/tests --json | jq '.resources[] | select(.state == "expired")'

        Exit codes: 0 listed (even if empty); 2 bad arguments or a target that cannot be reached.
        """;

    public const string Sweep = """
        Removes what has expired, with the library's safety rules: never an unleased lookalike, never a live session's
        resource, never one whose owner provably still runs. Each item is swept on its own: one that cannot be
        removed is reported with the reason and the sweep goes on.

        Examples:
          tractatus-isolation sweep --dry-run
          tractatus-isolation sweep --postgres "$TRACTATUS_POSTGRES_CONNECTION_STRING" --mongodb "$TRACTATUS_MONGODB_URI"

        Exit codes: 0 nothing left that should have been removed; 1 something could not be removed;
        2 bad arguments or a target that cannot be reached.
        """;
}
