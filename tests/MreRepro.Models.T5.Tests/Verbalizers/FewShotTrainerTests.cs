using MreRepro.Models.T5.Model;
using MreRepro.Models.T5.Tokenization;
using MreRepro.Models.T5.Verbalizers;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Tests.Verbalizers;

[Collection("NoParallelization")]
public sealed class FewShotTrainerTests
{
    /// <summary>One id per character; sentinels at the top of a 100-id vocabulary.</summary>
    private sealed class CharTokenizer : IT5Tokenizer
    {
        public int[] Encode(string text) => text.Select(c => 2 + c % 80).ToArray();

        public string Decode(IEnumerable<int> ids) => string.Concat(ids.Where(i => i >= 2 && i < 82).Select(i => (char)(i - 2 + 80)));

        public int PadId => 0;

        public int EosId => 1;

        public int SentinelId(int i) => 99 - i;

        public int VocabSize => 100;
    }

    [Fact]
    public void Should_encode_text_then_mask_then_eos_and_truncate_text_tail()
    {
        var tokenizer = new CharTokenizer();
        var template = new PromptTemplate(tokenizer, "{text} は<extra_id_0>。");
        Assert.Equal([.. tokenizer.Encode("abc"), .. tokenizer.Encode("は"), 99, .. tokenizer.Encode("。"), 1], template.Encode("abc", 16));
        Assert.Equal([.. tokenizer.Encode("a"), .. tokenizer.Encode("は"), 99, .. tokenizer.Encode("。"), 1], template.Encode("abc", 5));
        // 4 ids of template, mask and EOS: 5 leaves room for one text id, 7 for all three.
        Assert.True(template.Truncates("abc", 5));
        Assert.True(template.Truncates("abc", 6));
        Assert.False(template.Truncates("abc", 7));
    }

    [Fact]
    public void Should_train_deterministically_and_learn_a_separable_task()
    {
        var first = Train();
        var second = Train();
        Assert.Equal(first.DevAccuracies, second.DevAccuracies);
        Assert.Equal(first.TestPredictions, second.TestPredictions);
        Assert.Equal(1.0, first.BestDevAccuracy);
        Assert.Equal(1.0, first.TestAccuracy);
    }

    [Fact]
    public void Should_train_the_label_word_weights_in_their_own_group()
    {
        // Given a knowledgeable verbalizer whose weights start at zero, and a PLM learning rate of zero
        var (result, weights) = Train(plmLearningRate: 0.0);

        // When only the verbalizer group has a rate (the shared trainer gives it its own, outside the schedule)
        // Then its weights left zero, and the run still recorded a dev accuracy per epoch
        Assert.True(weights.abs().max().item<float>() > 0, "the label-word weights did not change");
        Assert.Equal(15, result.DevAccuracies.Count);
        Assert.InRange(result.BestEpoch, 1, 15);
        Assert.Equal(result.DevAccuracies[result.BestEpoch - 1], result.BestDevAccuracy);
    }

    private static FewShotResult Train() => Train(3e-3).Result;

    private static (FewShotResult Result, Tensor Weights) Train(double plmLearningRate)
    {
        random.manual_seed(21);
        var tokenizer = new CharTokenizer();
        var config = new T5Config
        {
            DModel = 32, DFf = 64, DKv = 8, NumHeads = 4, NumLayers = 1, NumDecoderLayers = 1, VocabSize = 100, DropoutRate = 0.0,
            RelativeAttentionNumBuckets = 8, RelativeAttentionMaxDistance = 16,
        };
        using var model = new T5ForConditionalGeneration(config);
        using var verbalizer = new KnowledgeableVerbalizer([["p", "q"], ["s", "t"]], tokenizer.Encode);
        using var classifier = new PromptClassifier(model, verbalizer, tokenizer.SentinelId(0));
        var template = new PromptTemplate(tokenizer, "{text} は<extra_id_0>。");
        PromptExample Make(string text, int label) => new(template.Encode(text, 32), label);
        var train = Enumerable.Range(0, 8).Select(i => Make(i % 2 == 0 ? "aaaa" + i : "zzzz" + i, i % 2)).ToList();
        var dev = new[] { Make("aaab", 0), Make("zzzy", 1) };
        var test = new[] { Make("aaaa", 0), Make("zzzz", 1), Make("aab", 0), Make("zzy", 1) };
        var options = new FewShotOptions { Training = new FewShotOptions().Training with { Epochs = 15, BatchSize = 4, LearningRate = plmLearningRate, Seed = 5 } };
        var result = FewShotTrainer.Run(classifier, train, dev, test, options);
        return (result, verbalizer.LabelWordsWeights.detach().clone());
    }
}
