using MreRepro.Models.Chat;
using MreRepro.Models.Tokenization;

namespace MreRepro.Models.Tests.Chat;

/// <summary>The LLaMA-2 chat template: ids, spans and the answer boundary.</summary>
public sealed class ChatTemplateTests
{
    private static readonly ChatSegment[] User =
    [
        new("instruction", "文から「ラベル;語」を抽出せよ。\n文: "),
        new("text", "佐藤氏が語った。"),
        new("instruction", "\n文ラベル: "),
        new("information", "文芸"),
    ];

    private static readonly TrimmedTokenizer Tokenizer = TrimmedTokenizer.Build(
        ["[INST] " + string.Concat(User.Select(u => u.Text)) + " [/INST] 人名;佐藤 "]);

    [Fact]
    public void Should_make_the_inference_prompt_a_prefix_of_the_training_prompt()
    {
        var training = ChatTemplate.Encode(Tokenizer, User, "人名;佐藤");
        var inference = ChatTemplate.Encode(Tokenizer, User, null);
        Assert.Equal(inference.Ids, training.Ids.Take(training.AnswerStart));
        Assert.Equal(training.AnswerStart - 1, training.TargetPosition);
        Assert.Equal(inference.Ids.Length - 1, inference.TargetPosition);
        Assert.Equal(Tokenizer.BosId, training.Ids[0]);
        Assert.Equal(Tokenizer.EosId, training.Ids[^1]);
        Assert.Equal(-1, inference.AnswerStart);
    }

    [Fact]
    public void Should_record_which_tokens_came_from_which_segment()
    {
        var prompt = ChatTemplate.Encode(Tokenizer, User, "人名;佐藤");
        var information = ChatTemplate.Positions(prompt, "information");
        // The space before 文芸 rides on its first token, which therefore counts as information.
        Assert.Equal(" 文芸", Tokenizer.Decode(information.Select(p => (int)prompt.Ids[p])));
        var text = ChatTemplate.Positions(prompt, "text");
        // "。\n" is one token whose last character belongs to the next instruction segment.
        Assert.Equal("佐藤氏が語った", Tokenizer.Decode(text.Select(p => (int)prompt.Ids[p])));
        var answer = ChatTemplate.Positions(prompt, "answer");
        Assert.Equal(" 人名;佐藤 ", Tokenizer.Decode(answer.Select(p => (int)prompt.Ids[p])));
        Assert.Equal(prompt.AnswerStart, answer[0]);
    }
}
