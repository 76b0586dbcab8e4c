using MreRepro.Models.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Verbalizers;

/// <summary>
/// KPT's KnowledgeableVerbalizer (OpenPrompt): many label words per class, common words deleted, class score
/// Σ_w softmax_w(weights_c − 10000·(1 − mask))·log p[c, w] with learnable weights starting at 0.
/// </summary>
public sealed class KnowledgeableVerbalizer : PromptVerbalizer
{
    private readonly double _predTemp;

    public KnowledgeableVerbalizer(IReadOnlyList<IReadOnlyList<string>> labelWords, Func<string, int[]> tokenize, string prefix = "",
        MultiTokenHandler handler = MultiTokenHandler.First, double predTemp = 1.0, int maxTokenSplit = -1)
        : base(nameof(KnowledgeableVerbalizer), DeleteCommonWords(labelWords), tokenize, prefix, handler, maxTokenSplit)
    {
        _predTemp = predTemp;
        LabelWordsWeights = nn.Parameter(zeros(LabelWordsMask.shape[0], LabelWordsMask.shape[1]));
        register_parameter("label_words_weights", LabelWordsWeights);
    }

    /// <summary>Learnable per-word weights [C, Wmax], initialised to 0 (a uniform mean).</summary>
    public Parameter LabelWordsWeights { get; }

    internal override Tensor Aggregate(Tensor logProbs)
    {
        var mask = LabelWordsMask.to(logProbs.device).to_type(logProbs.dtype);
        var weights = training ? (Tensor)LabelWordsWeights : LabelWordsWeights * LiveScalars.Of(_predTemp);
        var alpha = (weights - LiveScalars.Of(10000.0) * LiveScalars.Of(1.0).Minus(mask)).softmax(-1);
        return (logProbs * mask * alpha).sum(-1);
    }

    /// <summary>
    /// OpenPrompt delete_common_words: a word counted two or more times over all lists loses, in every list, its
    /// first occurrence after index 0; index 0 (the class name) is never removed.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> DeleteCommonWords(IReadOnlyList<IReadOnlyList<string>> labelWords)
    {
        var lists = labelWords.Select(l => l.ToList()).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var word in lists.SelectMany(l => l))
        {
            if (counts.TryAdd(word, 1))
            {
                order.Add(word);
            }
            else
            {
                counts[word]++;
            }
        }
        foreach (var word in order.Where(w => counts[w] >= 2))
        {
            foreach (var list in lists)
            {
                var index = list.Count > 1 ? list.IndexOf(word, 1) : -1;
                if (index >= 1)
                {
                    list.RemoveAt(index);
                }
            }
        }
        return lists;
    }
}
