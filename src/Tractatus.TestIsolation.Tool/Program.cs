using Tractatus.TestIsolation.Tool.Cli;

return await ToolApp.RunAsync(args, ToolConsole.FromSystemConsole());
