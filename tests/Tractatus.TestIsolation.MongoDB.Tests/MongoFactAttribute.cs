using Xunit;

namespace Tractatus.TestIsolation.MongoDB.Tests;

/// <summary>
/// A test that needs a MongoDB server: a real one (<c>TRACTATUS_TEST_MONGODB_URI</c>) or the in-memory wire
/// server (<c>TRACTATUS_TEST_MONGODB_WIRE_URI</c>). Skipped with the reason when neither is set.
/// </summary>
public sealed class MongoFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no server is configured.</summary>
    public MongoFactAttribute()
    {
        if (MongoTestServer.ConnectionString is null)
        {
            Skip = $"Neither {MongoTestServer.RealServerVariable} nor {MongoTestServer.WireServerVariable} is set: no MongoDB server to test against. "
                + "Run `eval \"$(build/services/mongodb-wire.sh)\"` (or build/test.sh, which does it) to start the in-memory wire server.";
        }
    }
}

/// <summary>
/// A test that needs a real MongoDB server (<c>TRACTATUS_TEST_MONGODB_URI</c>), e.g. because it relies on unique
/// secondary indexes, which the in-memory wire server does not enforce.
/// </summary>
public sealed class RealMongoFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no real server is configured.</summary>
    public RealMongoFactAttribute()
    {
        if (MongoTestServer.RealServerConnectionString is null)
        {
            Skip = $"{MongoTestServer.RealServerVariable} is not set: this test needs unique secondary indexes, which the in-memory wire server "
                + $"({MongoTestServer.WireServerVariable}) does not enforce. Set {MongoTestServer.RealServerVariable} to a real mongod to run it.";
        }
    }
}
