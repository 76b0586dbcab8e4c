using MreRepro.Domain.Corpus;
using MreRepro.Domain.Prompts;
using MreRepro.Domain.Records;
using MreRepro.Models.Llama;
using MreRepro.Stages.ModelAccess;
using MreRepro.Stages.Saliency;
using TorchSharp;

namespace MreRepro.Stages.Tests.ModelAccess;

/// <summary>`saliency.loss: labels` on every dataset kind: the gold token is among the label tokens, flows are finite, BOS-excluded variant beside.</summary>
public sealed class SaliencyLossTests
{
    public static TheoryData<DatasetKind> Kinds => new(DatasetNames.All);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Should_restrict_the_loss_to_the_label_tokens_on_every_condition(DatasetKind kind)
    {
        torch.set_num_threads(1);
        var records = CorpusGenerator.Generate(kind, 40, 42, 0.8);
        var labels = LabelInventory.For(kind).TextLabels;
        var prompts = records.SelectMany(r => Conditions.All.Select(c => PromptBuilder.Build(r, c, labels))).ToList();
        torch.manual_seed(1);
        var tokenizer = LanguageModelStore.BuildTokenizer(prompts.SelectMany(LoadedLanguageModel.TemplateTexts));
        var config = LlamaConfig.Small(tokenizer.VocabSize, hidden: 16, intermediate: 32, layers: 2, heads: 2, maxPositions: 160,
            bos: tokenizer.BosId, eos: tokenizer.EosId, pad: tokenizer.PadId);
        using var lm = new LoadedLanguageModel(new LlamaForCausalLM(config), tokenizer, torch.CPU);

        foreach (var condition in Conditions.All)
        {
            var candidates = SaliencyStage.LabelAnswers(condition, labels, records);
            foreach (var record in records.Take(6))
            {
                var sample = lm.Saliency(PromptBuilder.Build(record, condition, labels), candidates, includeBos: true);
                Assert.NotNull(sample.LossTokens);
                Assert.Contains(sample.GoldToken, sample.LossTokens!);
                Assert.True(sample.LossTokens!.Count > 1, $"{kind} {condition}: one label token only");
                Assert.All(sample.Scores.Cast<double>().Concat(sample.ScoresWithoutBos.Cast<double>()), v => Assert.True(double.IsFinite(v) && v >= 0));
            }
        }
    }

    [Fact]
    public void Should_give_the_bos_excluded_variant_beside_the_default()
    {
        var records = CorpusGenerator.Generate(DatasetKind.Scnm, 10, 42, 0.8);
        var labels = LabelInventory.For(DatasetKind.Scnm).TextLabels;
        var prompt = PromptBuilder.Build(records[1], Condition.TextLevelWithWli, labels);
        torch.manual_seed(2);
        var tokenizer = LanguageModelStore.BuildTokenizer(LoadedLanguageModel.TemplateTexts(prompt));
        var config = LlamaConfig.Small(tokenizer.VocabSize, hidden: 16, intermediate: 32, layers: 2, heads: 2, maxPositions: 160,
            bos: tokenizer.BosId, eos: tokenizer.EosId, pad: tokenizer.PadId);
        using var lm = new LoadedLanguageModel(new LlamaForCausalLM(config), tokenizer, torch.CPU);

        var withBos = lm.Saliency(prompt, null, includeBos: true);
        var withoutBos = lm.Saliency(prompt, null, includeBos: false);
        Assert.Null(withBos.LossTokens);
        Assert.Equal(withoutBos.Scores.Cast<double>(), withBos.ScoresWithoutBos.Cast<double>());
        Assert.NotEqual(withBos.Scores.Cast<double>(), withBos.ScoresWithoutBos.Cast<double>());
    }
}
