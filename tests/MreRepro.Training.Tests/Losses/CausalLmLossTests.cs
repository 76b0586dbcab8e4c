using MreRepro.Training.Losses;
using static TorchSharp.torch;

namespace MreRepro.Training.Tests.Losses;

public sealed class CausalLmLossTests
{
    [Fact]
    public void Should_average_shifted_cross_entropy_over_answer_tokens_only()
    {
        // Position 0 predicts label 1 with p = 3/4, position 1 predicts label 0 with p = 4/5; position 2 has no target.
        float[] values = [0f, (float)Math.Log(3), (float)Math.Log(4), 0f, 9f, -9f];
        using var logits = tensor(values, [1, 3, 2]);
        using var labels = tensor(new long[] { -100, 1, 0 }, [1, 3]);

        using var loss = CausalLmLoss.Compute(logits, labels);

        var expected = (-Math.Log(0.75) - Math.Log(0.8)) / 2;
        Assert.Equal(expected, loss.item<float>(), 6);
    }

    [Fact]
    public void Should_weight_every_answer_token_equally_across_the_batch()
    {
        // Row 0 has two counted targets, row 1 one; uniform logits make each token cost ln 2 except the confident one.
        float[] values =
        [
            0f, 0f, 0f, 0f, 0f, 0f,
            0f, 20f, 0f, 0f, 0f, 0f,
        ];
        using var logits = tensor(values, [2, 3, 2]);
        using var labels = tensor(new long[] { 5, 1, 0, 7, 1, -100 }, [2, 3]);

        using var loss = CausalLmLoss.Compute(logits, labels);

        var confident = Math.Log(1 + Math.Exp(-20));
        Assert.Equal(((2 * Math.Log(2)) + confident) / 3, loss.item<float>(), 6);
    }

    [Fact]
    public void Should_return_zero_with_gradient_when_no_token_is_counted()
    {
        using var logits = randn(2, 4, 5).requires_grad_();
        using var labels = full(2, 4, -100L, dtype: ScalarType.Int64);

        using var loss = CausalLmLoss.Compute(logits, labels);
        loss.backward();

        Assert.Equal(0f, loss.item<float>());
        Assert.Equal(0f, logits.grad!.abs().sum().item<float>());
    }

    [Fact]
    public void Should_give_the_loss_and_gradients_of_the_full_head_when_projecting_only_counted_positions()
    {
        manual_seed(7);
        using var head = nn.Linear(8, 11, hasBias: false);
        using var hidden = randn(3, 6, 8).requires_grad_();
        // Row 0: answer from position 3; row 1: nothing counted; row 2: answer from 1, padding (-100) at the end.
        using var labels = tensor(new long[] { -100, -100, -100, 4, 9, 2, -100, -100, -100, -100, -100, -100, -100, 1, 10, 0, -100, -100 }, [3, 6]);

        using var full = CausalLmLoss.Compute(head.call(hidden), labels);
        full.backward();
        using var fullGrad = hidden.grad!.clone();
        var headGrad = head.weight!.grad!.clone();
        hidden.grad!.zero_();
        head.weight!.grad!.zero_();
        using var projected = CausalLmLoss.FromHidden(hidden, labels, head.call);
        projected.backward();

        Assert.Equal(full.item<float>(), projected.item<float>(), 5);
        Assert.True(fullGrad.allclose(hidden.grad!, rtol: 1e-5, atol: 1e-7));
        Assert.True(headGrad.allclose(head.weight!.grad!, rtol: 1e-5, atol: 1e-7));
        headGrad.Dispose();
    }

    [Fact]
    public void Should_return_zero_with_gradient_from_hidden_states_when_no_token_is_counted()
    {
        using var head = nn.Linear(4, 5, hasBias: false);
        using var hidden = randn(2, 3, 4).requires_grad_();
        using var labels = full(2, 3, -100L, dtype: ScalarType.Int64);

        using var loss = CausalLmLoss.FromHidden(hidden, labels, head.call);
        loss.backward();

        Assert.Equal(0f, loss.item<float>());
        Assert.Equal(0f, hidden.grad!.abs().sum().item<float>());
    }

    [Fact]
    public void Should_name_the_shapes_when_labels_do_not_fit()
    {
        using var logits = zeros(2, 4, 5);
        using var labels = zeros(2, 3, dtype: ScalarType.Int64);

        var e = Assert.Throws<TrainingException>(() => CausalLmLoss.Compute(logits, labels));

        Assert.Contains("[2, 4]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }
}
