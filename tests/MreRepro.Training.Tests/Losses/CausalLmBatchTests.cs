using MreRepro.Training.Losses;

namespace MreRepro.Training.Tests.Losses;

public sealed class CausalLmBatchTests
{
    [Fact]
    public void Should_pad_right_and_mask_prompt_and_padding_labels()
    {
        CausalLmSequence[] sequences =
        [
            new([1, 10, 11, 20, 21], AnswerStart: 3),
            new([1, 12, 22], AnswerStart: 2),
        ];

        using var batch = CausalLmBatch.Build(sequences, padId: 0);

        Assert.Equal([1L, 10, 11, 20, 21, 1, 12, 22, 0, 0], batch.InputIds.data<long>().ToArray());
        Assert.Equal([1L, 1, 1, 1, 1, 1, 1, 1, 0, 0], batch.AttentionMask.data<long>().ToArray());
        Assert.Equal([-100L, -100, -100, 20, 21, -100, -100, 22, -100, -100], batch.Labels.data<long>().ToArray());
        Assert.Equal(3, batch.LabelTokens);
        Assert.Equal(8, batch.Tokens);
    }

    [Fact]
    public void Should_truncate_on_the_right_to_the_maximum_length()
    {
        using var batch = CausalLmBatch.Build([new([1, 2, 3, 4, 5], AnswerStart: 2)], padId: 0, maxLength: 3);

        Assert.Equal([1L, 3], batch.InputIds.shape);
        Assert.Equal([-100L, -100, 3], batch.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Should_reject_an_answer_start_beyond_the_sequence()
    {
        var e = Assert.Throws<TrainingException>(() => CausalLmBatch.Build([new([1, 2], AnswerStart: 3)], padId: 0));

        Assert.Contains("sequence 0", e.Message);
    }
}
