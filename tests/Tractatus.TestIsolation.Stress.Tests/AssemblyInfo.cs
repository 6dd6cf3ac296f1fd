using Xunit;

// Each test already runs up to eight test processes on the machine's cores; running two of them at
// once would only measure contention.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
