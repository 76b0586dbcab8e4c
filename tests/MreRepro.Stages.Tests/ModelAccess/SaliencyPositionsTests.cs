using MreRepro.Domain.Prompts;
using MreRepro.Domain.Records;
using MreRepro.Models.Chat;
using MreRepro.Models.Llama;
using MreRepro.Models.Tokenization;
using MreRepro.Stages.ModelAccess;
using static TorchSharp.torch;

namespace MreRepro.Stages.Tests.ModelAccess;

/// <summary>
/// Which positions the saliency stage measures for each condition (spec A): the supplied information words, the
/// target q (the last position fed) and the gold first answer token, on a tiny random model (weights do not
/// change positions).
/// </summary>
public sealed class SaliencyPositionsTests : IDisposable
{
    private static readonly string[] Labels = ["社会", "文芸", "学問", "技術", "自然"];

    private static readonly MreRecord Record = new("SCNM-000001", "佐藤氏が京都で語った。", "文芸",
        [new WordPair("人名", "佐藤", 0), new WordPair("地名", "京都", 4)]);

    private readonly LoadedLanguageModel _lm;

    public SaliencyPositionsTests()
    {
        var prompts = Conditions.All.Select(c => PromptBuilder.Build(Record, c, Labels)).ToList();
        var tokenizer = TrimmedTokenizer.Build(prompts.SelectMany(p => new[] { p.UserText, p.Answer }));
        manual_seed(7);
        var config = LlamaConfig.Small(tokenizer.VocabSize, 16, 32, 2, 2, 2, 128, tokenizer.BosId, tokenizer.EosId, tokenizer.PadId);
        _lm = new LoadedLanguageModel(new LlamaForCausalLM(config), tokenizer, CPU);
    }

    public void Dispose() => _lm.Dispose();

    [Fact]
    public void Should_measure_flow_from_the_supplied_text_label_to_the_first_word_level_answer_token()
    {
        var prompt = PromptBuilder.Build(Record, Condition.WordLevelWithTli, Labels);
        var sample = _lm.Saliency(prompt, null, includeBos: true);

        Assert.Equal("文芸", Information(sample));
        AssertTargetIsTheLastPromptPosition(sample, prompt);
        var gold = Decode([sample.GoldToken]).Trim();
        Assert.NotEmpty(gold);
        Assert.StartsWith(gold, "人名;佐藤:地名;京都", StringComparison.Ordinal);
    }

    [Fact]
    public void Should_measure_flow_from_the_supplied_word_pairs_to_the_label_number()
    {
        var prompt = PromptBuilder.Build(Record, Condition.TextLevelWithWli, Labels);
        var sample = _lm.Saliency(prompt, null, includeBos: true);

        Assert.Equal("人名;佐藤:地名;京都", Information(sample));
        AssertTargetIsTheLastPromptPosition(sample, prompt);
        Assert.Equal("2", Decode([sample.GoldToken]).Trim());
        // The label-restricted loss (saliency.loss: labels) must contain the gold token, or the stage would throw.
        var restricted = Enumerable.Range(1, Labels.Length).Select(i => _lm.FirstAnswerToken(prompt with { Answer = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToArray();
        Assert.True(restricted.Contains(sample.GoldToken), $"gold {sample.GoldToken} '{Decode([sample.GoldToken])}' not in the label tokens [{string.Join(", ", restricted.Select(t => $"{t} '{Decode([t])}'"))}]");
    }

    [Theory]
    [InlineData(Condition.WordLevel)]
    [InlineData(Condition.TextLevel)]
    public void Should_find_no_information_words_without_supplied_information(Condition condition)
    {
        var sample = _lm.Saliency(PromptBuilder.Build(Record, condition, Labels), null, includeBos: true);

        Assert.Empty(sample.InformationPositions);
    }

    private void AssertTargetIsTheLastPromptPosition(SaliencySample sample, Prompt prompt)
    {
        Assert.Equal(sample.TokenIds.Length - 1, sample.TargetPosition);
        Assert.All(sample.InformationPositions, p => Assert.InRange(p, 1, sample.TargetPosition - 1));
        // The fed ids are the inference prompt (what evaluate decodes from), plus at most whitespace of the answer.
        var inference = ChatTemplate.Encode(_lm.Tokenizer, LoadedLanguageModel.Segments(prompt), null).Ids;
        Assert.Equal(inference, sample.TokenIds.Take(inference.Length));
        Assert.True(string.IsNullOrWhiteSpace(Decode(sample.TokenIds.Skip(inference.Length))), "answer text was fed to the saliency forward");
        Assert.Equal(3, sample.Scores.GetLength(0));
        Assert.Equal(2, sample.Scores.GetLength(1));
        Assert.All(sample.Scores.Cast<double>(), v => Assert.True(double.IsFinite(v) && v >= 0, $"flow {v}"));
    }

    /// <summary>The information tokens' text (the tokenizer's word-start space trimmed); none of them is whitespace only.</summary>
    private string Information(SaliencySample sample)
    {
        var ids = sample.InformationPositions.Select(p => sample.TokenIds[p]).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(Decode([id])), $"information token {id} is whitespace"));
        return Decode(ids).Trim();
    }

    private string Decode(IEnumerable<long> ids) => _lm.Tokenizer.Decode(ids.Select(i => (int)i));

    private string Decode(IEnumerable<int> ids) => _lm.Tokenizer.Decode(ids);
}
