using MreRepro.Models.Llama;
using MreRepro.Stages.ModelAccess;
using MreRepro.Training.Losses;
using TorchSharp;

namespace MreRepro.Stages.Tests.ModelAccess;

/// <summary>Training sequences are cut at the model's MaxLength (model.max_positions for a checkpoint), tail first.</summary>
public sealed class MaxLengthTests
{
    [Fact]
    public void Should_cut_training_sequences_at_max_length_and_not_before()
    {
        torch.set_num_threads(1);
        var tokenizer = LanguageModelStore.BuildTokenizer(["佐藤氏が京都で語った。文芸"]);
        torch.manual_seed(3);
        var config = LlamaConfig.Small(tokenizer.VocabSize, hidden: 16, intermediate: 32, layers: 1, heads: 2, maxPositions: 64,
            bos: tokenizer.BosId, eos: tokenizer.EosId, pad: tokenizer.PadId);
        var model = new LlamaForCausalLM(config);
        using var full = new LoadedLanguageModel(model, tokenizer, torch.CPU);
        var cut = new LoadedLanguageModel(model, tokenizer, torch.CPU) { MaxLength = 6 };   // same model: disposed with full
        var ids = Enumerable.Range(3, 12).Select(i => (long)(i % tokenizer.VocabSize)).ToList();
        CausalLmSequence[] sequence = [new(ids, 2)];
        CausalLmSequence[] firstSix = [new(ids.Take(6).ToList(), 2)];

        using var lossFull = full.CausalLmLoss(sequence);
        using var lossCut = cut.CausalLmLoss(sequence);
        using var lossFirstSix = full.CausalLmLoss(firstSix);

        Assert.Equal(64, full.MaxLength);
        Assert.Equal(lossFirstSix.item<float>(), lossCut.item<float>());
        Assert.NotEqual(lossFull.item<float>(), lossCut.item<float>());
    }
}
