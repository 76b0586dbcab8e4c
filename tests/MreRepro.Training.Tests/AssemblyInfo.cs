// Tests share torch's global RNG and thread settings, so they must not run in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
