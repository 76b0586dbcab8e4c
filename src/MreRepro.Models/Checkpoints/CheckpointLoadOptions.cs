using static TorchSharp.torch;

namespace MreRepro.Models.Checkpoints;

/// <summary>How to load a Hugging Face checkpoint folder (LLaMA-architecture decoder or T5).</summary>
public sealed record CheckpointLoadOptions
{
    /// <summary>config.json to use instead of the one in the weights folder (a shard folder without it).</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Parameter dtype; null keeps the dtype the weights are stored in (bf16 files load as bf16).</summary>
    public ScalarType? Dtype { get; init; }

    /// <summary>Device the parameters are created on; null is the CPU.</summary>
    public Device? Device { get; init; }

    /// <summary>
    /// Accept tensors known to be ignored by Hugging Face's own loader (LLaMA's rotary_emb.inv_freq buffers of older
    /// exports, T5's unused cross-attention relative bias); any other tensor the model lacks is still refused.
    /// </summary>
    public bool AllowHarmlessExtras { get; init; }

    /// <summary>Hears warnings and the harmless tensors that were skipped.</summary>
    public Action<string>? Note { get; init; }
}
