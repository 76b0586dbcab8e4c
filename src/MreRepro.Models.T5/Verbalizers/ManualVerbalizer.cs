using static TorchSharp.torch;

namespace MreRepro.Models.T5.Verbalizers;

/// <summary>OpenPrompt ManualVerbalizer: a class scores the mean log-probability of its words.</summary>
public sealed class ManualVerbalizer : PromptVerbalizer
{
    public ManualVerbalizer(IReadOnlyList<IReadOnlyList<string>> labelWords, Func<string, int[]> tokenize, string prefix = "",
        MultiTokenHandler handler = MultiTokenHandler.First, int maxTokenSplit = -1)
        : base(nameof(ManualVerbalizer), labelWords, tokenize, prefix, handler, maxTokenSplit)
    {
    }

    internal override Tensor Aggregate(Tensor logProbs)
    {
        var mask = LabelWordsMask.to(logProbs.device).to_type(logProbs.dtype);
        return (logProbs * mask).sum(-1) / mask.sum(-1);
    }
}
