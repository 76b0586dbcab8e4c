using MreRepro.Models.Llama;
using static TorchSharp.torch;

namespace MreRepro.Models.Saliency;

/// <summary>
/// Per-layer saliency (spec A1-A3): teacher-forced forward, loss = cross-entropy of the gold token at the target
/// position (over the whole vocabulary, or over a restricted token set), one backward; I_l = |Σ_h A ⊙ dL/dA|,
/// summed over heads before the absolute value. Parameters get no gradients; memory does not grow across calls.
/// </summary>
public static class AttentionSaliency
{
    /// <summary>I_l per layer as a flat row-major [T × T] array (row = target, column = source).</summary>
    public static float[][] Compute(LlamaForCausalLM model, long[] inputIds, int targetPosition, int goldToken, IReadOnlyList<int>? restrictTo = null)
    {
        if (targetPosition < 0 || targetPosition >= inputIds.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(targetPosition), targetPosition, $"the target position must index the {inputIds.Length} input tokens.");
        }
        if (goldToken < 0 || goldToken >= model.Config.VocabSize)
        {
            throw new ArgumentOutOfRangeException(nameof(goldToken), goldToken, $"the gold token must be below the vocabulary size {model.Config.VocabSize}.");
        }
        var layers = model.Config.NumHiddenLayers;
        var capture = new AttentionCapture(layers);
        var parameters = model.parameters().ToList();
        var previous = parameters.Select(p => p.requires_grad).ToList();
        var wasTraining = model.training;
        model.eval();
        foreach (var p in parameters)
        {
            p.requires_grad = false;
        }
        model.Capture = capture;
        try
        {
            using var scope = NewDisposeScope();
            var device = parameters[0].device;
            var ids = tensor(inputIds, device: device).unsqueeze(0);
            var logits = model.Forward(ids);
            var row = logits[0, targetPosition].to_type(ScalarType.Float32);
            Tensor loss;
            if (restrictTo is null)
            {
                loss = nn.functional.cross_entropy(row.unsqueeze(0), tensor(new long[] { goldToken }, device: device));
            }
            else
            {
                var index = restrictTo.ToList().IndexOf(goldToken);
                if (index < 0)
                {
                    throw new ArgumentException($"gold token {goldToken} is not among the {restrictTo.Count} restricted tokens.");
                }
                var restricted = row.index_select(0, tensor(restrictTo.Select(t => (long)t).ToArray(), device: device));
                loss = nn.functional.cross_entropy(restricted.unsqueeze(0), tensor(new long[] { index }, device: device));
            }
            loss.backward();
            var result = new float[layers][];
            for (var l = 0; l < layers; l++)
            {
                var grad = capture.AttentionTimesGradient(l);
                // Sum over heads first, then the absolute value (spec A3).
                result[l] = grad[0].sum(0L).abs().to_type(ScalarType.Float32).cpu().data<float>().ToArray();
            }
            return result;
        }
        finally
        {
            model.Capture = null;
            for (var i = 0; i < parameters.Count; i++)
            {
                parameters[i].requires_grad = previous[i];
            }
            model.train(wasTraining);
        }
    }
}
