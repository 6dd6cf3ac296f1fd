using System.Reflection;
using Tractatus.TestIsolation.Worker;

// Usage: Tractatus.TestIsolation.Worker <command> [args...]. Each command lives in Commands/.
var commands = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IWorkerCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IWorkerCommand)Activator.CreateInstance(t)!)
    .ToDictionary(c => c.Name, StringComparer.Ordinal);

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine($"usage: worker <{string.Join("|", commands.Keys.Order())}> [args...]");
    return 64;
}

return await command.RunAsync(args[1..]);
