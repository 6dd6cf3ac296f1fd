namespace DocumentApi.IsolatedTests;

/// <summary>
/// A test that needs the store to enforce the unique index on slug. Skipped, with the reason, when the
/// demo runs against the in-memory MongoDB wire server (build/services/mongodb-wire.sh), which accepts
/// unique indexes but does not enforce them; build/demo.sh sets TRACTATUS_DEMO_UNIQUE_INDEXES_UNENFORCED=1 then.
/// </summary>
public sealed class UniqueIndexFactAttribute : FactAttribute
{
    public UniqueIndexFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("TRACTATUS_DEMO_UNIQUE_INDEXES_UNENFORCED") == "1")
        {
            Skip = "The MongoDB server of this run does not enforce unique indexes (the in-memory wire server), so a duplicate slug cannot be rejected; run against a real mongod to check it.";
        }
    }
}
