using MreRepro.Domain.Prompts;
using MreRepro.Domain.Saliency;
using MreRepro.Models.Chat;
using MreRepro.Models.Generation;
using MreRepro.Models.Llama;
using MreRepro.Models.Saliency;
using MreRepro.Models.Tokenization;
using MreRepro.Training.Losses;
using static TorchSharp.torch;

namespace MreRepro.Stages.ModelAccess;

/// <summary>One saliency sample: what was fed, where the parts are, and the [3, L] flows (S_wp, S_pq, S_ww per layer).</summary>
public sealed record SaliencySample(long[] TokenIds, IReadOnlyList<TokenSpan> Spans, IReadOnlyList<int> InformationPositions,
    int TargetPosition, int GoldToken, double[,] Scores);

/// <summary>A decoder with its tokenizer: the one place where the stages meet the LLaMA model and its prompt format.</summary>
public sealed class LoadedLanguageModel(LlamaForCausalLM model, IModelTokenizer tokenizer, Device device) : IDisposable
{
    public LlamaForCausalLM Model { get; } = model;
    public IModelTokenizer Tokenizer { get; } = tokenizer;
    public Device Device { get; } = device;

    public static IReadOnlyList<ChatSegment> Segments(Prompt prompt) =>
        prompt.Segments.Select(s => new ChatSegment(s.Part.ToString().ToLowerInvariant(), s.Content)).ToList();

    public CausalLmSequence EncodeForTraining(Prompt prompt)
    {
        var encoded = ChatTemplate.Encode(Tokenizer, Segments(prompt), prompt.Answer);
        return new CausalLmSequence(encoded.Ids, encoded.AnswerStart);
    }

    /// <summary>BOS, the text, EOS: the unlabelled sequences of causal-LM pretraining (loss on every token after BOS).</summary>
    public CausalLmSequence EncodeText(string text)
    {
        var ids = new List<long> { Tokenizer.BosId };
        ids.AddRange(Tokenizer.EncodeWithOffsets(text).Select(t => (long)t.Id));
        ids.Add(Tokenizer.EosId);
        return new CausalLmSequence(ids, 1);
    }

    public Tensor CausalLmLoss(IReadOnlyList<CausalLmSequence> batch)
    {
        using var b = CausalLmBatch.Build(batch, Tokenizer.PadId, Model.Config.MaxPositionEmbeddings, Device);
        using var logits = Model.Forward(b.InputIds, b.AttentionMask);
        return Training.Losses.CausalLmLoss.Compute(logits, b.Labels);
    }

    public IReadOnlyList<string> Generate(IReadOnlyList<Prompt> prompts, int maxNewTokens)
    {
        Model.eval();
        var encoded = prompts.Select(p => ChatTemplate.Encode(Tokenizer, Segments(p), null).Ids).ToList();
        var outputs = GreedyGenerator.Generate(Model, encoded, maxNewTokens, Tokenizer.EosId, Tokenizer.PadId);
        return outputs.Select(o => Tokenizer.Decode(o).Trim()).ToList();
    }

    /// <summary>The first token with content of each answer string (for a saliency loss restricted to the label tokens):
    /// the token <see cref="Saliency"/> takes as gold, so a bare space split from a digit is skipped as it is there.</summary>
    public int[] FirstTokensOf(IEnumerable<string> answers) =>
        answers.Select(a => Tokenizer.EncodeWithOffsets(" " + a).Select(t => t.Id).First(id => !string.IsNullOrWhiteSpace(Tokenizer.Decode([id]))))
            .Distinct().Order().ToArray();

    /// <summary>Spec A: teacher-forced prompt, loss on the gold first answer token at q, flows per layer.</summary>
    public SaliencySample Saliency(Prompt prompt, IReadOnlyList<int>? restrictTo, bool includeBos)
    {
        var training = ChatTemplate.Encode(Tokenizer, Segments(prompt), prompt.Answer);
        // The gold target is the first answer token with content: a bare leading space token (digits are split from
        // the space before them by both tokenizers) is teacher-forced as part of the prompt.
        var first = training.AnswerStart;
        while (first < training.Ids.Length - 1 && string.IsNullOrWhiteSpace(Tokenizer.Decode([(int)training.Ids[first]])))
        {
            first++;
        }
        var ids = training.Ids.Take(first).ToArray();
        var q = first - 1;
        var gold = (int)training.Ids[first];
        var information = ChatTemplate.Positions(training, "information").Where(p => p < q).ToList();
        var matrices = AttentionSaliency.Compute(Model, ids, q, gold, restrictTo);
        var scores = new double[3, matrices.Length];
        for (var l = 0; l < matrices.Length; l++)
        {
            var flow = InformationFlow.Compute(matrices[l], ids.Length, information, q, includeBos);
            scores[0, l] = flow.Swp;
            scores[1, l] = flow.Spq;
            scores[2, l] = flow.Sww;
        }
        var spans = training.Spans.Where(s => s.Start < first).ToList();
        return new SaliencySample(ids, spans, information, q, gold, scores);
    }

    public void Save(string folder)
    {
        LlamaCheckpoint.Save(Model, folder);
        Tokenizer.Save(folder);
    }

    public void Dispose() => Model.Dispose();
}
