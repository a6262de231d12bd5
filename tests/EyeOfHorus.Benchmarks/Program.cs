using BenchmarkDotNet.Running;

if (args is ["alerter-fuzz", ..])
    return EyeOfHorus.Benchmarks.Alerter.AlerterFuzz.Run(args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);

if (args is ["alerter-decode", ..])
    return EyeOfHorus.Benchmarks.Alerter.AlerterDecodeRate.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 31);

if (args is ["cold-start", var host, var alerter, var indexer, ..])
    return await EyeOfHorus.Benchmarks.Lambda.ColdStart.RunAsync(host, alerter, indexer, args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 5);

if (args is ["edge-gating", ..])
    return await EyeOfHorus.Benchmarks.Edge.EdgeGating.RunAsync();

if (args is ["face-engine", ..])
    return EyeOfHorus.Benchmarks.Engine.FaceEngineBench.Run(args);

if (args is ["console-events", ..])
    return await EyeOfHorus.Benchmarks.Web.ConsoleEvents.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
