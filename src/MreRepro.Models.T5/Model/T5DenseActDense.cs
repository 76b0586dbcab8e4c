using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MreRepro.Models.Tensors;

namespace MreRepro.Models.T5.Model;

/// <summary>T5 feed-forward: v1.0 ReLU (wi, wo) or v1.1 gated-GELU (wi_0, wi_1, wo).</summary>
internal sealed class T5DenseActDense : nn.Module<Tensor, Tensor>
{
    private readonly double _dropout;
    private readonly Linear? _wi;
    private readonly Linear? _wi0;
    private readonly Linear? _wi1;
    private readonly Linear _wo;

    public T5DenseActDense(T5Config config) : base(nameof(T5DenseActDense))
    {
        _dropout = config.DropoutRate;
        if (config.IsGatedGelu)
        {
            _wi0 = nn.Linear(config.DModel, config.DFf, hasBias: false);
            _wi1 = nn.Linear(config.DModel, config.DFf, hasBias: false);
            register_module("wi_0", _wi0);
            register_module("wi_1", _wi1);
        }
        else
        {
            _wi = nn.Linear(config.DModel, config.DFf, hasBias: false);
            register_module("wi", _wi);
        }
        _wo = nn.Linear(config.DFf, config.DModel, hasBias: false);
        register_module("wo", _wo);
    }

    // Children are registered by hand under HF names; TorchSharp's field reflection would add duplicates.
    protected override void RegisterComponents()
    {
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var inner = _wi is not null
            ? nn.functional.relu(_wi.forward(hidden))
            : GeluNew(_wi0!.forward(hidden)) * _wi1!.forward(hidden);
        inner = nn.functional.dropout(inner, _dropout, training);
        return _wo.forward(inner).MoveToOuterDisposeScope();
    }

    /// <summary>HF's gelu_new: the tanh approximation.</summary>
    internal static Tensor GeluNew(Tensor x) =>
        LiveScalars.Of(0.5) * x * tanh(LiveScalars.Of(Math.Sqrt(2.0 / Math.PI)) * x.Plus(LiveScalars.Of(0.044715) * x.pow(LiveScalars.Of(3)))).Plus(LiveScalars.Of(1.0));
}
