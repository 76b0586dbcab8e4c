using MreRepro.Models.T5.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Verbalizers;

/// <summary>T5 prompt classifier (OpenPrompt PromptForClassification): decoder [pad, &lt;extra_id_0&gt;], scores at index 1.</summary>
public sealed class PromptClassifier : nn.Module
{
    private readonly int _sentinel0;

    public PromptClassifier(T5ForConditionalGeneration model, PromptVerbalizer verbalizer, int sentinel0Id) : base(nameof(PromptClassifier))
    {
        Model = model;
        Verbalizer = verbalizer;
        _sentinel0 = sentinel0Id;
        register_module("plm", model);
        register_module("verbalizer", verbalizer);
    }

    public T5ForConditionalGeneration Model { get; }

    public PromptVerbalizer Verbalizer { get; }

    // Registration is explicit; field reflection would add the properties' backing fields again.
    protected override void RegisterComponents()
    {
    }

    /// <summary>Full-vocabulary logits [B, V] at the mask position (decoder index 1).</summary>
    public Tensor MaskLogits(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var batch = inputIds.shape[0];
        var decoder = tensor(new long[] { Model.Config.DecoderStartTokenId, _sentinel0 }, device: inputIds.device).unsqueeze(0).expand(batch, 2);
        var logits = Model.Forward(inputIds, attentionMask, decoder);
        return logits[.., 1, ..].MoveToOuterDisposeScope();
    }

    /// <summary>Class scores [B, C] for padded encoder ids [B, L] and their 0/1 mask.</summary>
    public Tensor Forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        return Verbalizer.forward(MaskLogits(inputIds, attentionMask)).MoveToOuterDisposeScope();
    }

    /// <summary>Pads id sequences to the longest with padId; returns ids [B, L] and mask [B, L].</summary>
    public static (Tensor Ids, Tensor Mask) Pad(IReadOnlyList<int[]> sequences, int padId, Device? device = null)
    {
        var length = sequences.Max(s => s.Length);
        var ids = new long[sequences.Count * length];
        var mask = new long[ids.Length];
        for (var b = 0; b < sequences.Count; b++)
        {
            Array.Fill(ids, padId, b * length, length);
            for (var t = 0; t < sequences[b].Length; t++)
            {
                ids[b * length + t] = sequences[b][t];
                mask[b * length + t] = 1;
            }
        }
        return (tensor(ids, device: device).view(sequences.Count, length), tensor(mask, device: device).view(sequences.Count, length));
    }
}
