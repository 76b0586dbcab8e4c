using static TorchSharp.torch;
using MreRepro.Models.Tensors;

namespace MreRepro.Models.Llama;

/// <summary>Rotary position embedding in the Hugging Face layout: halves rotated, cos/sin of cat(freqs, freqs).</summary>
public static class RotaryEmbedding
{
    /// <summary>cos and sin of shape [B, 1, T, headDim] for position ids [B, T].</summary>
    public static (Tensor Cos, Tensor Sin) For(Tensor positionIds, int headDim, double theta, ScalarType dtype)
    {
        using var exponent = arange(LiveScalars.Of(0), LiveScalars.Of(headDim), LiveScalars.Of(2), dtype: ScalarType.Float32, device: positionIds.device) / LiveScalars.Of(headDim);
        using var thetaTensor = tensor(theta);
        using var invFreq = LiveScalars.Of(1.0) / pow(thetaTensor, exponent);
        using var positions = positionIds.to_type(ScalarType.Float32).unsqueeze(-1);
        using var freqs = positions * invFreq;
        using var emb = cat([freqs, freqs], -1);
        using var cos = emb.cos();
        using var sin = emb.sin();
        return (cos.unsqueeze(1).to_type(dtype), sin.unsqueeze(1).to_type(dtype));
    }

    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        using var x1 = x.narrow(-1, 0, half);
        using var x2 = x.narrow(-1, half, half);
        using var neg = -x2;
        using var rotated = cat([neg, x1], -1);
        using var a = x * cos;
        using var b = rotated * sin;
        return a.Plus(b);
    }
}
