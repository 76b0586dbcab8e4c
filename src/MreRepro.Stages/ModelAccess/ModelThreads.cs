using MreRepro.Stages.Parameters;
using static TorchSharp.torch;

namespace MreRepro.Stages.ModelAccess;

/// <summary>Torch's CPU thread count, set before a stage builds or loads a model.</summary>
public static class ModelThreads
{
    /// <summary>A fixed count: CPU reductions are bit-identical only for the same number of threads (0 keeps torch's default).</summary>
    public static void Configure(LanguageModelParameters model)
    {
        if (model.Threads > 0)
        {
            set_num_threads(model.Threads);
        }
    }
}
