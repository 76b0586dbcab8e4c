using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MreRepro.Models.Tensors;

namespace MreRepro.Models.T5.Model;

/// <summary>T5 encoder-decoder with an LM head, state-dict compatible with HF T5ForConditionalGeneration.</summary>
public sealed class T5ForConditionalGeneration : nn.Module
{
    private readonly Embedding _shared;
    private readonly T5Stack _encoder;
    private readonly T5Stack _decoder;
    private readonly Linear? _lmHead;

    public T5ForConditionalGeneration(T5Config config) : base(nameof(T5ForConditionalGeneration))
    {
        config.Validate("T5ForConditionalGeneration");
        Config = config;
        _shared = nn.Embedding(config.VocabSize, config.DModel);
        _encoder = new T5Stack(config, isDecoder: false);
        _decoder = new T5Stack(config, isDecoder: true);
        register_module("shared", _shared);
        register_module("encoder", _encoder);
        register_module("decoder", _decoder);
        if (!config.TieWordEmbeddings)
        {
            _lmHead = nn.Linear(config.DModel, config.VocabSize, hasBias: false);
            register_module("lm_head", _lmHead);
        }
        InitWeights();
    }

    // Children are registered by hand under HF names; TorchSharp's field reflection would add duplicates.
    protected override void RegisterComponents()
    {
    }

    public T5Config Config { get; }

    /// <summary>Encoder hidden states [B, L, d] for input ids [B, L] and a 0/1 padding mask.</summary>
    public Tensor Encode(Tensor inputIds, Tensor? attentionMask) => Encode(inputIds, attentionMask, null);

    private Tensor Encode(Tensor inputIds, Tensor? attentionMask, List<Tensor>? hiddenStates)
    {
        using var scope = NewDisposeScope();
        var encoded = _encoder.Forward(_shared.forward(inputIds), attentionMask, null, null, hiddenStates);
        hiddenStates?.ForEach(h => h.MoveToOuterDisposeScope());
        return encoded.MoveToOuterDisposeScope();
    }

    /// <summary>Vocabulary logits [B, T, V] for decoder input ids given encoder states.</summary>
    public Tensor Decode(Tensor decoderInputIds, Tensor encoderHidden, Tensor? attentionMask, Tensor? decoderAttentionMask = null) =>
        Decode(decoderInputIds, encoderHidden, attentionMask, decoderAttentionMask, null);

    /// <summary>
    /// Logits [B, T, V] with the encoder's and the decoder's per-layer hidden states, as Hugging Face's
    /// output_hidden_states gives them (encoder_hidden_states, decoder_hidden_states: num_layers + 1 each).
    /// </summary>
    public (Tensor Logits, IReadOnlyList<Tensor> EncoderHiddenStates, IReadOnlyList<Tensor> DecoderHiddenStates) ForwardWithHiddenStates(
        Tensor inputIds, Tensor? attentionMask, Tensor decoderInputIds)
    {
        var encoderStates = new List<Tensor>();
        var decoderStates = new List<Tensor>();
        using var encoded = Encode(inputIds, attentionMask, encoderStates);
        var logits = Decode(decoderInputIds, encoded, attentionMask, null, decoderStates);
        return (logits, encoderStates, decoderStates);
    }

    private Tensor Decode(Tensor decoderInputIds, Tensor encoderHidden, Tensor? attentionMask, Tensor? decoderAttentionMask, List<Tensor>? hiddenStates)
    {
        using var scope = NewDisposeScope();
        var hidden = _decoder.Forward(_shared.forward(decoderInputIds), decoderAttentionMask, encoderHidden, attentionMask, hiddenStates);
        hiddenStates?.ForEach(h => h.MoveToOuterDisposeScope());
        Tensor logits;
        if (_lmHead is null)
        {
            // Tied head: HF rescales by d_model^-0.5 before projecting with the shared embedding.
            logits = nn.functional.linear(hidden * LiveScalars.Of(Math.Pow(Config.DModel, -0.5)), _shared.weight!);
        }
        else
        {
            logits = _lmHead.forward(hidden);
        }
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>Logits [B, T, V] for input ids [B, L] (mask 1 = token, 0 = pad) and decoder input ids [B, T].</summary>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask, Tensor decoderInputIds, Tensor? decoderAttentionMask = null)
    {
        using var scope = NewDisposeScope();
        var encoded = Encode(inputIds, attentionMask);
        return Decode(decoderInputIds, encoded, attentionMask, decoderAttentionMask).MoveToOuterDisposeScope();
    }

    /// <summary>Mean token cross-entropy of logits against labels, where label -100 is ignored (HF convention).</summary>
    public static Tensor LanguageModelLoss(Tensor logits, Tensor labels) =>
        nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]).to_type(ScalarType.Float32), labels.view(-1), ignore_index: -100);

    /// <summary>Decoder input ids from labels: decoder_start prepended, last dropped, -100 replaced by pad.</summary>
    public Tensor ShiftRight(Tensor labels)
    {
        using var scope = NewDisposeScope();
        var start = full(labels.shape[0], 1, LiveScalars.Of(Config.DecoderStartTokenId), dtype: labels.dtype, device: labels.device);
        var shifted = cat([start, labels[.., ..^1]], 1);
        return shifted.masked_fill(shifted.eq(LiveScalars.Of(-100)), LiveScalars.Of(Config.PadTokenId)).MoveToOuterDisposeScope();
    }

    // HF T5PreTrainedModel._init_weights with initializer_factor 1.0, so a model trained from scratch starts like HF's.
    private void InitWeights()
    {
        using var noGrad = no_grad();
        var c = Config;
        foreach (var (name, p) in named_parameters())
        {
            double std;
            if (name == "shared.weight" || name == "lm_head.weight")
            {
                std = 1.0;
            }
            else if (name.EndsWith("layer_norm.weight", StringComparison.Ordinal))
            {
                p.fill_(LiveScalars.Of(1.0));
                continue;
            }
            else if (name.EndsWith(".q.weight", StringComparison.Ordinal))
            {
                std = Math.Pow(c.DModel * c.DKv, -0.5);
            }
            else if (name.EndsWith(".k.weight", StringComparison.Ordinal) || name.EndsWith(".v.weight", StringComparison.Ordinal)
                || name.EndsWith("relative_attention_bias.weight", StringComparison.Ordinal))
            {
                std = Math.Pow(c.DModel, -0.5);
            }
            else if (name.EndsWith(".o.weight", StringComparison.Ordinal))
            {
                std = Math.Pow(c.NumHeads * c.DKv, -0.5);
            }
            else if (name.EndsWith(".wo.weight", StringComparison.Ordinal))
            {
                std = Math.Pow(c.DFf, -0.5);
            }
            else
            {
                std = Math.Pow(c.DModel, -0.5);
            }
            p.normal_(0.0, std);
        }
    }
}
