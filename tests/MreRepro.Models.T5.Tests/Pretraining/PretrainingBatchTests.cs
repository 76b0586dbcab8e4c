using MreRepro.Models.T5.Model;
using MreRepro.Models.T5.Pretraining;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Tests.Pretraining;

[Collection("NoParallelization")]
public sealed class PretrainingBatchTests
{
    [Fact]
    public void Should_pad_inputs_with_pad_and_labels_with_ignore_index()
    {
        using var batch = PretrainingBatch.Collate([new([5, 99, 1], [99, 6, 1]), new([7, 1], [99, 8, 9, 1])], padId: 0);
        Assert.Equal(new long[] { 5, 99, 1, 7, 1, 0 }, batch.InputIds.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 1, 1, 1, 0 }, batch.AttentionMask.data<long>().ToArray());
        Assert.Equal(new long[] { 99, 6, 1, -100, 99, 8, 9, 1 }, batch.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Should_lower_span_corruption_loss_when_training_a_small_t5()
    {
        random.manual_seed(8);
        var config = new T5Config
        {
            DModel = 32, DFf = 64, DKv = 8, NumHeads = 4, NumLayers = 1, NumDecoderLayers = 1, VocabSize = 64, DropoutRate = 0.0,
            RelativeAttentionNumBuckets = 8, RelativeAttentionMaxDistance = 16,
        };
        using var model = new T5ForConditionalGeneration(config);
        var corruption = new SpanCorruption(i => 63 - i, eosId: 1);
        var examples = Enumerable.Range(0, 4).Select(s => corruption.Corrupt(Enumerable.Range(2, 30).ToArray(), s)).ToList();
        using var batch = PretrainingBatch.Collate(examples, config.PadTokenId);
        using var decoderInput = model.ShiftRight(batch.Labels);
        using var optimizer = TorchSharp.torch.optim.AdamW(model.parameters(), 1e-2);
        double Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = T5ForConditionalGeneration.LanguageModelLoss(model.Forward(batch.InputIds, batch.AttentionMask, decoderInput), batch.Labels);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }
        var initial = Step();
        var final = initial;
        for (var i = 0; i < 30; i++)
        {
            final = Step();
        }
        Assert.True(final < initial * 0.5, $"loss {initial} -> {final}");
    }
}
