using Tractatus.TestIsolation.Xunit;

// The framework hook under test: this whole test assembly runs as one isolated session.
[assembly: UseSessionIsolation]
