// jsii (the bridge to the CDK's JavaScript) is not thread-safe: stacks built from parallel test
// collections hang forever. One test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
