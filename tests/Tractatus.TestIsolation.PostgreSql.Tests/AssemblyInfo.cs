using Xunit;

// Sweep tests wait for short leases to expire and then check exactly what one sweep did; a sweep in a
// parallel test class would remove those databases first. Other test assemblies may still sweep the
// same server, so assertions about expired databases check the outcome (gone), not who dropped them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
