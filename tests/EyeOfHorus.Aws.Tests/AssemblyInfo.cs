// One test class at a time: Stryker.NET's per-test coverage attributes the code a test runs to
// whichever test is current, so tests in parallel classes lost their mutants ("no coverage" for
// code the SigV4 vectors plainly run). Serial, the whole project takes a few seconds longer.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
