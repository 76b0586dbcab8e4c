using static TorchSharp.torch;

namespace MreRepro.Training.Loop;

/// <summary>
/// Seeding for reproducible runs; call <see cref="Seed"/> before building the model so its initialisation is fixed too.
/// On CPU a run is bit-identical for the same seed, data and thread count; large reductions (e.g. a sum over millions of
/// floats) can differ in the last bits between thread counts, so pin <c>torch.set_num_threads</c> for byte-identical outputs
/// across machines. A resumed run restores the CPU generator only, so GPU dropout after a resume is not bit-identical.
/// </summary>
public static class TrainingDeterminism
{
    /// <summary>Seeds torch's default generator (CPU, and CUDA where present).</summary>
    public static void Seed(long seed)
    {
        random.manual_seed(seed);
        if (cuda.is_available())
            cuda.manual_seed_all(seed);
    }
}
