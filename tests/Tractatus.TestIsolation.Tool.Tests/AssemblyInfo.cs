using Xunit;

// Sweep tests check exactly what one sweep removed; a sweep from a parallel test class would remove it first.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
