using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Tractatus.TestIsolation.Xunit.Tests")]
