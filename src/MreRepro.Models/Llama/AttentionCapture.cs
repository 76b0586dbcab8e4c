using static TorchSharp.torch;

namespace MreRepro.Models.Llama;

/// <summary>
/// Saliency capture (spec A1): after the softmax each layer multiplies its attention probabilities by a tensor of
/// ones that requires grad; the gradient of that tensor is A ⊙ dL/dA. Off by default, when it costs nothing.
/// </summary>
public sealed class AttentionCapture
{
    public AttentionCapture(int layers, bool keepProbabilities = false)
    {
        Adapters = new Tensor?[layers];
        Probabilities = new Tensor?[layers];
        KeepProbabilities = keepProbabilities;
    }

    /// <summary>The ones tensors of the last forward pass, one per layer; their gradient is A ⊙ dL/dA.</summary>
    public Tensor?[] Adapters { get; }

    /// <summary>Makes the adapter for (layer, probabilities); default: ones that require grad. Tests scale one entry.</summary>
    public Func<int, Tensor, Tensor> AdapterFactory { get; init; } = (_, probs) => ones_like(probs).requires_grad_(true);

    public Tensor?[] Probabilities { get; }

    /// <summary>Also keep a detached copy of every layer's attention probabilities (for tests and inspection).</summary>
    public bool KeepProbabilities { get; }

    /// <summary>Layer <paramref name="layer"/>'s post-softmax attention probabilities A [B, H, T, T].</summary>
    public Tensor Attention(int layer) => Probabilities[layer]
        ?? throw new InvalidOperationException($"layer {layer}: no attention kept (create the capture with keepProbabilities: true and run a forward pass).");

    /// <summary>Layer <paramref name="layer"/>'s A ⊙ dL/dA [B, H, T, T], per head; available after loss.backward().</summary>
    public Tensor AttentionTimesGradient(int layer) => Adapters[layer]?.grad
        ?? throw new InvalidOperationException($"layer {layer}: no gradient reached the attention adapter (run a forward pass with this capture, then loss.backward()).");
}
