namespace MreRepro.Domain.Sampling;

/// <summary>Which Python call the seeded train/test draw reproduces (methods spec D4-D6).</summary>
public enum SplitMethod
{
    /// <summary>
    /// pandas <c>tr = df.sample(n=train, random_state=seed)</c> then <c>te = df.drop(tr.index).sample(n=test, random_state=seed)</c>:
    /// train = RandomState(seed).permutation(n)[:train]; test = a fresh RandomState(seed) over the remaining rows in original order.
    /// </summary>
    PandasSample,

    /// <summary>sklearn <c>train_test_split(train_size, test_size, random_state=seed)</c>: perm = RandomState(seed).permutation(n); test = perm[:test]; train = perm[test:test+train].</summary>
    NumpyPermutation,

    /// <summary>
    /// CPython <c>random.Random(seed).sample(range(n), train)</c>, then a fresh <c>Random(seed).sample(remaining, test)</c>
    /// over the remaining rows in original order (the pandas two-stage pattern with Python's generator).
    /// </summary>
    PythonSample,
}
