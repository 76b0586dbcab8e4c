using MreRepro.Models.Llama;
using MreRepro.Models.Saliency;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Models.Tests.Saliency;

/// <summary>The captured A ⊙ dL/dA equals the numerical directional derivative (spec A7's check).</summary>
[Collection("TorchSharp")]
public sealed class AttentionSaliencyTests
{
    private const int Q = 4, Gold = 11, Layer = 0, I = 3, J = 1;
    private static readonly long[] Ids = [1, 4, 9, 16, 25, 7];

    [Fact]
    public void Should_equal_a_finite_difference_of_the_loss_along_the_attention_scale()
    {
        manual_seed(5);
        using var model = new LlamaForCausalLM(LlamaConfig.Small(30, hidden: 16, intermediate: 32, layers: 2, heads: 2));
        model.to(ScalarType.Float64);
        model.eval();
        // Σ_h (A ⊙ dL/dA)[i, j] = d/dε L when A[h, i, j] is scaled by (1 + ε) in every head of the layer.
        var capture = new AttentionCapture(2);
        model.Capture = capture;
        using var logits = model.Forward(tensor(Ids).unsqueeze(0));
        model.Capture = null;
        using var loss = nn.functional.cross_entropy(logits[0, Q].unsqueeze(0), tensor(new long[] { Gold }));
        loss.backward();
        var analytic = capture.Adapters[Layer]!.grad![0].sum(0L)[I, J].item<double>();
        const double eps = 1e-6;
        var numeric = (ScaledLoss(model, 1 + eps) - ScaledLoss(model, 1 - eps)) / (2 * eps);
        // Measured: analytic -2.17798e-4, |numeric - analytic| 2.4e-10 (float64 rounding over 2ε). A relative bound
        // fits a value this small; an absolute 7-decimal one would have let a 20% error through.
        Assert.True(Math.Abs(analytic) > 1e-5, $"the chosen entry should matter: {analytic}");
        Assert.True(Math.Abs(numeric - analytic) <= 1e-5 * Math.Abs(analytic), $"numeric {numeric:R} vs analytic {analytic:R}");
        foreach (var p in model.parameters())
        {
            p.grad?.zero_();
        }
        var saliency = AttentionSaliency.Compute(model, Ids, Q, Gold);
        var stored = saliency[Layer][I * Ids.Length + J];
        Assert.True(Math.Abs(stored - Math.Abs(analytic)) <= 1e-5 * Math.Abs(analytic), $"saliency {stored:R} vs |analytic| {Math.Abs(analytic):R}");
    }

    private static double ScaledLoss(LlamaForCausalLM model, double scale)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.Capture = new AttentionCapture(2)
        {
            AdapterFactory = (layer, probs) =>
            {
                var adapter = ones_like(probs);
                if (layer == Layer)
                {
                    adapter[TensorIndex.Colon, TensorIndex.Colon, I, J] = tensor(scale, dtype: probs.dtype);
                }
                return adapter;
            },
        };
        var logits = model.Forward(tensor(Ids).unsqueeze(0));
        model.Capture = null;
        return nn.functional.cross_entropy(logits[0, Q].unsqueeze(0), tensor(new long[] { Gold })).item<double>();
    }
}
