using MreRepro.Models.Tokenization;

namespace MreRepro.Models.Chat;

/// <summary>A tagged piece of the user message ("instruction", "text", "information", …).</summary>
public sealed record ChatSegment(string Kind, string Text);

/// <summary>Token positions [Start, End) that came from one segment (or from "answer").</summary>
public sealed record TokenSpan(string Kind, int Start, int End);

/// <summary>An encoded prompt with the provenance of its tokens.</summary>
/// <param name="AnswerStart">Index of the first answer token (loss starts there); -1 for an inference prompt.</param>
/// <param name="TargetPosition">The last prompt position, whose logits predict the first answer token.</param>
public sealed record EncodedPrompt(long[] Ids, IReadOnlyList<TokenSpan> Spans, int AnswerStart, int TargetPosition);

/// <summary>
/// The LLaMA-2 chat template (meta-llama generation.py): training `&lt;s&gt;[INST] {user} [/INST] {answer} &lt;/s&gt;`,
/// inference `&lt;s&gt;[INST] {user} [/INST]`. The whole string is encoded once; each token is assigned to the
/// segment that contains its last character (BPE and SentencePiece attach a leading space to the next word, so
/// " 文" belongs with 文), which keeps spans exact when pieces merge across boundaries.
/// </summary>
public static class ChatTemplate
{
    private const string Open = "[INST] ";
    private const string Close = " [/INST]";

    /// <summary>
    /// The template's markers as meta-llama writes them around a system message and a user message (B_INST, B_SYS,
    /// E_SYS, E_INST; 文 stands for any text): a vocabulary built from corpus strings must include this text so every
    /// marker encodes to real ids, whatever text follows it.
    /// </summary>
    public const string MarkerText = "[INST] <<SYS>>\n文\n<</SYS>>\n\n文 [/INST]";

    /// <summary>The exact string <see cref="Encode"/> tokenizes (after BOS): the training sequence, or the inference prompt when answer is null.</summary>
    public static string Text(IReadOnlyList<ChatSegment> user, string? answer)
    {
        var prompt = Open + string.Concat(user.Select(s => s.Text)) + Close;
        return answer is null ? prompt : prompt + " " + answer + " ";
    }

    public static EncodedPrompt Encode(IModelTokenizer tokenizer, IReadOnlyList<ChatSegment> user, string? answer)
    {
        var prompt = Text(user, null);
        var text = Text(user, answer);
        var tokens = tokenizer.EncodeWithOffsets(text);
        var ranges = new List<(string Kind, int Start, int End)>();
        var at = Open.Length;
        foreach (var segment in user)
        {
            ranges.Add((segment.Kind, at, at + segment.Text.Length));
            at += segment.Text.Length;
        }
        var ids = new List<long> { tokenizer.BosId };
        var spans = new List<TokenSpan>();
        var answerStart = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            var position = ids.Count;
            ids.Add(tokens[i].Id);
            var start = tokens[i].Start;
            var last = start + Math.Max(tokens[i].Length, 1) - 1;
            if (answer is not null && start >= prompt.Length && answerStart < 0)
            {
                answerStart = position;
            }
            var range = ranges.FirstOrDefault(r => last >= r.Start && last < r.End);
            var kind = range.Kind ?? (answerStart >= 0 ? "answer" : "template");
            if (spans.Count > 0 && spans[^1].Kind == kind && spans[^1].End == position)
            {
                spans[^1] = spans[^1] with { End = position + 1 };
            }
            else
            {
                spans.Add(new TokenSpan(kind, position, position + 1));
            }
        }
        if (answer is not null)
        {
            ids.Add(tokenizer.EosId);
            if (answerStart < 0)
            {
                answerStart = ids.Count - 1;
            }
        }
        var target = answer is null ? ids.Count - 1 : answerStart - 1;
        return new EncodedPrompt(ids.ToArray(), spans, answerStart, target);
    }

    /// <summary>Token positions of every span of the given kind.</summary>
    public static IReadOnlyList<int> Positions(EncodedPrompt prompt, string kind) =>
        prompt.Spans.Where(s => s.Kind == kind).SelectMany(s => Enumerable.Range(s.Start, s.End - s.Start)).ToList();
}
