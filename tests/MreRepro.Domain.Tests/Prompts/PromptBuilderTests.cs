using MreRepro.Domain.Prompts;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Tests.Prompts;

/// <summary>The prompts of the four conditions, exactly as the models see them.</summary>
public sealed class PromptBuilderTests
{
    private static readonly string[] Labels = ["社会", "文芸", "学問", "技術", "自然"];
    private static readonly MreRecord Record = new("SCNM-000001", "佐藤氏が語った。", "文芸",
        [new WordPair("人名", "佐藤", 0)]);

    [Fact]
    public void Should_build_the_word_level_prompts_with_and_without_the_text_label()
    {
        var plain = PromptBuilder.Build(Record, Condition.WordLevel, Labels);
        Assert.Equal("文から「ラベル;語」を抽出せよ。\n文: 佐藤氏が語った。", plain.UserText);
        Assert.Equal("人名;佐藤", plain.Answer);
        var tli = PromptBuilder.Build(Record, Condition.WordLevelWithTli, Labels);
        Assert.Equal("文から「ラベル;語」を抽出せよ。\n文: 佐藤氏が語った。\n文ラベル: 文芸", tli.UserText);
        Assert.Equal([PromptPart.Instruction, PromptPart.Text, PromptPart.Instruction, PromptPart.Information], tli.Segments.Select(s => s.Part));
        Assert.Equal("文芸", tli.Segments[^1].Content);
    }

    [Fact]
    public void Should_build_the_text_level_prompts_with_the_number_mapping_and_word_information()
    {
        var plain = PromptBuilder.Build(Record, Condition.TextLevel, Labels);
        Assert.Equal("文の分類番号を答えよ。 1=社会,2=文芸,3=学問,4=技術,5=自然\n文: 佐藤氏が語った。", plain.UserText);
        Assert.Equal("2", plain.Answer);
        var wli = PromptBuilder.Build(Record, Condition.TextLevelWithWli, Labels);
        Assert.EndsWith("\n単語情報: 人名;佐藤", wli.UserText);
        Assert.Equal("人名;佐藤", wli.Segments[^1].Content);
    }

    [Fact]
    public void Should_answer_none_with_nai_and_reject_unknown_labels()
    {
        var none = Record with { Pairs = [] };
        Assert.Equal("無い", PromptBuilder.Build(none, Condition.WordLevel, Labels).Answer);
        Assert.Throws<ArgumentException>(() => PromptBuilder.Build(Record with { TextLabel = "経済" }, Condition.TextLevel, Labels));
        Assert.Equal(Condition.WordLevelWithTli, Conditions.Parse("tli"));
        Assert.Equal("wli", Conditions.Key(Condition.TextLevelWithWli));
    }
}
