using Tractatus.TestIsolation.Xunit;

// One TestSession for the whole run; whatever a fixture leaves is dropped at the end of the run,
// on process exit or Ctrl+C, and (after a kill -9) by a later run's sweep.
[assembly: UseSessionIsolation]
