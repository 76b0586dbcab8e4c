using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MreRepro.Models.Tensors;

namespace MreRepro.Models.Llama;

/// <summary>LLaMA's RMSNorm: x · rsqrt(mean(x²) + eps) computed in fp32, cast back, times the weight.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // snake_case keeps state-dict names equal to Hugging Face's
    private readonly Parameter weight;
#pragma warning restore IDE1006
    private readonly double _eps;

    public RmsNorm(int size, double eps) : base(nameof(RmsNorm))
    {
        weight = new Parameter(ones(size));
        _eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var dtype = input.dtype;
        // fp32 for half precision (as HF does); a float64 model stays float64 for gradient checks.
        using var h = input.to_type(dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32);
        using var variance = h.pow(LiveScalars.Of(2)).mean([-1L], keepdim: true);
        using var scale = variance.Plus(LiveScalars.Of(_eps)).rsqrt();
        using var normed = (h * scale).to_type(dtype);
        return weight * normed;
    }
}
