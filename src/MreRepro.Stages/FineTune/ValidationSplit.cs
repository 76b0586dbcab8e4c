using MreRepro.Domain.Records;
using MreRepro.Domain.Sampling;

namespace MreRepro.Stages.FineTune;

/// <summary>
/// The held-out part of a split's training records for model selection: numpy's <c>RandomState(seed).choice(n, k,
/// replace=False)</c> picks them, the rest train in their split order. Test records are never read here.
/// </summary>
public static class ValidationSplit
{
    public static (IReadOnlyList<MreRecord> Train, IReadOnlyList<MreRecord> Validation) Draw(IReadOnlyList<MreRecord> train, int count, int seed)
    {
        if (count == 0)
        {
            return (train, []);
        }
        var held = new NumpyRandomState(seed).ChoiceWithoutReplacement(train.Count, count);
        var heldSet = held.ToHashSet();
        return (train.Where((_, i) => !heldSet.Contains(i)).ToList(), held.Select(i => train[i]).ToList());
    }
}
