using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MreRepro.Training.Tests.Fixtures;

/// <summary>A two-layer MLP without dropout, for comparisons that need a deterministic forward pass.</summary>
internal sealed class TinyRegressor : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    public TinyRegressor(int inputs, int hidden)
        : base(nameof(TinyRegressor))
    {
        fc1 = nn.Linear(inputs, hidden);
        fc2 = nn.Linear(hidden, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var h = fc1.call(x);
        using var a = nn.functional.relu(h);
        return fc2.call(a);
    }
}
