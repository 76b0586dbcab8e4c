using TorchSharp;
using static TorchSharp.torch;
using MreRepro.Models.Tensors;

namespace MreRepro.Models.T5.Model;

/// <summary>T5's RMS norm: no mean subtraction, no bias, variance in fp32.</summary>
internal sealed class T5LayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly double _eps;

    public T5LayerNorm(int size, double eps) : base(nameof(T5LayerNorm))
    {
        _eps = eps;
        register_parameter("weight", nn.Parameter(ones(size)));
    }

    // Children are registered by hand under HF names; TorchSharp's field reflection would add duplicates.
    protected override void RegisterComponents()
    {
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        // Half-precision inputs are upcast as in HF; float64 stays float64 so the double-precision reference check is tight.
        var wide = hidden.dtype is ScalarType.Float16 or ScalarType.BFloat16 ? hidden.to_type(ScalarType.Float32) : hidden;
        var variance = wide.pow(LiveScalars.Of(2)).mean([-1L], keepdim: true);
        var normed = wide * rsqrt(variance.Plus(LiveScalars.Of(_eps)));
        // Looked up each call: module.to(dtype) swaps the registered parameter for a new one.
        var weight = get_parameter("weight")!;
        return (weight * normed.to_type(weight.dtype)).MoveToOuterDisposeScope();
    }
}
