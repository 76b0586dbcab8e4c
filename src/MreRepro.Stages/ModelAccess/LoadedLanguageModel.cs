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

/// <summary>
/// One saliency sample: what was fed, where the parts are, the restricted loss's tokens (null: full vocabulary), and
/// the [3, L] flows (S_wp, S_pq, S_ww per layer) as configured and with the BOS column 0 excluded (spec A7).
/// </summary>
public sealed record SaliencySample(long[] TokenIds, IReadOnlyList<TokenSpan> Spans, IReadOnlyList<int> InformationPositions,
    int TargetPosition, int GoldToken, IReadOnlyList<int>? LossTokens, double[,] Scores, double[,] ScoresWithoutBos);

/// <summary>A decoder with its tokenizer: the one place where the stages meet the LLaMA model and its prompt format.</summary>
public sealed class LoadedLanguageModel(LlamaForCausalLM model, IModelTokenizer tokenizer, Device device) : IDisposable
{
    public LlamaForCausalLM Model { get; } = model;
    public IModelTokenizer Tokenizer { get; } = tokenizer;
    public Device Device { get; } = device;

    /// <summary>
    /// The longest sequence trained on (tokens; longer ones lose their tail, the answer end first): the model's
    /// max_position_embeddings, or params.yaml's model.max_positions where that is smaller (a checkpoint's 4096).
    /// </summary>
    public int MaxLength { get; init; } = model.Config.MaxPositionEmbeddings;

    public static IReadOnlyList<ChatSegment> Segments(Prompt prompt) =>
        prompt.Segments.Select(s => new ChatSegment(s.Part.ToString().ToLowerInvariant(), s.Content)).ToList();

    /// <summary>What the model reads for a prompt, as the chat template writes it: the training sequence and the inference prompt.</summary>
    public static IEnumerable<string> TemplateTexts(Prompt prompt)
    {
        var segments = Segments(prompt);
        return [ChatTemplate.Text(segments, prompt.Answer), ChatTemplate.Text(segments, null)];
    }

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
        using var b = CausalLmBatch.Build(batch, Tokenizer.PadId, MaxLength, Device);
        using var hidden = Model.HiddenStates(b.InputIds, b.AttentionMask);
        return Training.Losses.CausalLmLoss.FromHidden(hidden, b.Labels, Model.Head);
    }

    public IReadOnlyList<string> Generate(IReadOnlyList<Prompt> prompts, int maxNewTokens)
    {
        Model.eval();
        var encoded = prompts.Select(p => ChatTemplate.Encode(Tokenizer, Segments(p), null).Ids).ToList();
        var outputs = GreedyGenerator.Generate(Model, encoded, maxNewTokens, Tokenizer.EosId, Tokenizer.PadId);
        return outputs.Select(o => Tokenizer.Decode(o).Trim()).ToList();
    }

    /// <summary>
    /// Spec A: teacher-forced prompt, loss on the gold first answer token at q, flows per layer. With candidate answers
    /// (the label set) the loss is restricted to their first tokens, each found in this prompt's context exactly as the
    /// gold token is; the gold answer's token must be among them.
    /// </summary>
    public SaliencySample Saliency(Prompt prompt, IReadOnlyList<string>? candidateAnswers, bool includeBos)
    {
        var (training, first) = TeacherForced(prompt);
        var ids = training.Ids.Take(first).ToArray();
        var q = first - 1;
        var gold = (int)training.Ids[first];
        int[]? restrict = null;
        if (candidateAnswers is not null)
        {
            restrict = candidateAnswers.Select(a => FirstAnswerToken(prompt with { Answer = a })).Distinct().Order().ToArray();
            if (!restrict.Contains(gold))
            {
                throw new ArgumentException($"the gold answer '{prompt.Answer}' starts with token {gold} ('{Tokenizer.Decode([gold])}'), which is not the first token of any label answer ({string.Join(", ", candidateAnswers)}).", nameof(candidateAnswers));
            }
        }
        var information = ChatTemplate.Positions(training, "information").Where(p => p < q).ToList();
        var matrices = AttentionSaliency.Compute(Model, ids, q, gold, restrict);
        var scores = new double[3, matrices.Length];
        var withoutBos = new double[3, matrices.Length];
        for (var l = 0; l < matrices.Length; l++)
        {
            Fill(scores, l, InformationFlow.Compute(matrices[l], ids.Length, information, q, includeBos));
            Fill(withoutBos, l, InformationFlow.Compute(matrices[l], ids.Length, information, q, includeBosColumn: false));
        }
        var spans = training.Spans.Where(s => s.Start < first).ToList();
        return new SaliencySample(ids, spans, information, q, gold, restrict, scores, withoutBos);

        static void Fill(double[,] into, int layer, FlowScores flow)
        {
            into[0, layer] = flow.Swp;
            into[1, layer] = flow.Spq;
            into[2, layer] = flow.Sww;
        }
    }

    /// <summary>The token a saliency loss targets for this prompt's answer: its first answer token with content.</summary>
    public int FirstAnswerToken(Prompt prompt)
    {
        var (training, first) = TeacherForced(prompt);
        return (int)training.Ids[first];
    }

    // The gold target is the first answer token with content: a bare leading space token (digits are split from the
    // space before them by both tokenizers) is teacher-forced as part of the prompt.
    private (EncodedPrompt Training, int First) TeacherForced(Prompt prompt)
    {
        var training = ChatTemplate.Encode(Tokenizer, Segments(prompt), prompt.Answer);
        var first = training.AnswerStart;
        while (first < training.Ids.Length - 1 && string.IsNullOrWhiteSpace(Tokenizer.Decode([(int)training.Ids[first]])))
        {
            first++;
        }
        return (training, first);
    }

    public void Save(string folder)
    {
        // In the model's own dtype: a bfloat16 checkpoint fine-tuned in bfloat16 stays bfloat16 (half the size of float32).
        LlamaCheckpoint.Save(Model, folder, Model.parameters().First().dtype);
        Tokenizer.Save(folder);
    }

    public void Dispose() => Model.Dispose();
}
