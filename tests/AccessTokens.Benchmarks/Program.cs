using AccessTokens.Benchmarks;

return await BenchmarkCommands.RunAsync(args);
