using System.Globalization;
using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Prompts;

/// <summary>
/// The one definition of the prompts. Instructions are short Japanese sentences; text-level answers are one
/// digit, with the label-to-number mapping stated in the instruction (as the paper does); word-level answers use
/// the canonical `label;word:label;word` form, or 無い when there is none.
/// </summary>
public static class PromptBuilder
{
    public const string WordInstruction = "文から「ラベル;語」を抽出せよ。";
    public const string TextInstruction = "文の分類番号を答えよ。";

    public static Prompt Build(MreRecord record, Condition condition, IReadOnlyList<string> textLabels)
    {
        var segments = new List<PromptSegment>();
        if (Conditions.IsWordLevel(condition))
        {
            segments.Add(new(PromptPart.Instruction, WordInstruction + "\n文: "));
            segments.Add(new(PromptPart.Text, record.Text));
            if (condition == Condition.WordLevelWithTli)
            {
                segments.Add(new(PromptPart.Instruction, "\n文ラベル: "));
                segments.Add(new(PromptPart.Information, record.TextLabel));
            }
            return new Prompt(segments, AnswerFormat.FormatWordLevel(record.Pairs));
        }
        segments.Add(new(PromptPart.Instruction, TextInstruction + " " + Mapping(textLabels) + "\n文: "));
        segments.Add(new(PromptPart.Text, record.Text));
        if (condition == Condition.TextLevelWithWli)
        {
            segments.Add(new(PromptPart.Instruction, "\n単語情報: "));
            segments.Add(new(PromptPart.Information, AnswerFormat.FormatWordLevel(record.Pairs)));
        }
        return new Prompt(segments, Number(record.TextLabel, textLabels));
    }

    /// <summary>"1=社会,2=文芸,…": labels numbered from 1 in inventory order.</summary>
    public static string Mapping(IReadOnlyList<string> textLabels) =>
        string.Join(",", textLabels.Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}={l}")));

    public static string Number(string textLabel, IReadOnlyList<string> textLabels)
    {
        var index = textLabels.ToList().IndexOf(textLabel);
        if (index < 0)
        {
            throw new ArgumentException($"text label '{textLabel}' is not one of {string.Join(", ", textLabels)}.");
        }
        return (index + 1).ToString(CultureInfo.InvariantCulture);
    }
}
