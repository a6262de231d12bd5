using BenchmarkDotNet.Running;

if (args is ["alerter-fuzz", ..])
    return EyeOfHorus.Benchmarks.Alerter.AlerterFuzz.Run(args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
