using MreRepro.Models.Llama;
using MreRepro.Models.Saliency;
using MreRepro.Models.Tests.References;
using static TorchSharp.torch;

namespace MreRepro.Models.Tests.Llama;

/// <summary>The C# LLaMA against an independent PyTorch computation on the same small checkpoint.</summary>
[Collection("TorchSharp")]
public sealed class LlamaReferenceTests
{
    [Fact]
    public void Should_match_reference_logits_hidden_states_and_attention_to_1e5_relative()
    {
        var reference = LlamaReference.Load();
        using var model = LlamaCheckpoint.Load(LlamaReference.Folder);
        model.eval();
        var capture = new AttentionCapture(model.Config.NumHiddenLayers, keepProbabilities: true);
        model.Capture = capture;
        using var noGrad = no_grad();
        using var ids = tensor(reference.InputIds).unsqueeze(0);
        using var logits = model.Forward(ids);
        model.Capture = null;
        var logitError = LlamaReference.MaxRelativeError(logits.data<float>().ToArray(), reference.Logits);
        Assert.True(logitError < 1e-5, $"logits max relative error {logitError}");
        using var hidden = model.HiddenStates(ids);
        var hiddenError = LlamaReference.MaxRelativeError(hidden.data<float>().ToArray(), reference.Hidden);
        Assert.True(hiddenError < 1e-5, $"hidden states max relative error {hiddenError}");
        Assert.Equal(reference.Layers, model.Config.NumHiddenLayers);
        for (var l = 0; l < reference.Attention.Length; l++)
        {
            Assert.True(LlamaReference.MaxRelativeError(capture.Probabilities[l]!.data<float>().ToArray(), reference.Attention[l]) < 1e-5, $"layer {l}");
        }
    }

    [Fact]
    public void Should_match_reference_saliency_to_1e4_relative()
    {
        var reference = LlamaReference.Load();
        using var model = LlamaCheckpoint.Load(LlamaReference.Folder);
        var saliency = AttentionSaliency.Compute(model, reference.InputIds, reference.SaliencyTarget, reference.SaliencyGold);
        // Sized by the reference, so a model that computes fewer layers fails instead of comparing fewer.
        Assert.Equal(reference.Layers, saliency.Length);
        for (var l = 0; l < reference.Saliency.Length; l++)
        {
            Assert.True(LlamaReference.MaxRelativeError(saliency[l], reference.Saliency[l]) < 1e-4, $"layer {l}");
        }
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void Should_match_reference_saliency_with_the_loss_restricted_to_label_tokens()
    {
        var reference = LlamaReference.Load();
        using var model = LlamaCheckpoint.Load(LlamaReference.Folder);
        var saliency = AttentionSaliency.Compute(model, reference.InputIds, reference.SaliencyTarget, reference.SaliencyGold, reference.RestrictTo);
        Assert.Equal(reference.Layers, saliency.Length);
        for (var l = 0; l < reference.RestrictedSaliency.Length; l++)
        {
            Assert.True(LlamaReference.MaxRelativeError(saliency[l], reference.RestrictedSaliency[l]) < 1e-4, $"layer {l}");
        }
        // The restricted loss is a different loss: its saliency must differ from the full-vocabulary one.
        Assert.True(LlamaReference.MaxRelativeError(saliency[0], reference.Saliency[0]) > 0.1);
    }

    [Fact]
    public void Should_reject_a_gold_token_outside_the_restricted_set_and_a_target_outside_the_input()
    {
        var reference = LlamaReference.Load();
        using var model = LlamaCheckpoint.Load(LlamaReference.Folder);
        Assert.Throws<ArgumentException>(() => AttentionSaliency.Compute(model, reference.InputIds, reference.SaliencyTarget, 34, reference.RestrictTo));
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionSaliency.Compute(model, reference.InputIds, reference.InputIds.Length, reference.SaliencyGold));
    }
}
