using MreRepro.Domain.Corpus;
using MreRepro.Domain.Prompts;
using MreRepro.Models.Chat;
using MreRepro.Stages.Data;
using MreRepro.Stages.ModelAccess;

namespace MreRepro.Stages.Tests.ModelAccess;

/// <summary>The small model's vocabulary covers the chat template: no prompt of any condition encodes to &lt;unk&gt;.</summary>
public sealed class TemplateVocabularyTests
{
    [Fact]
    public void Should_encode_every_prompt_of_every_condition_of_the_generated_datasets_without_unk()
    {
        // The default profile's twelve generated datasets, vocabulary built as the pretrain stage builds it.
        var datasets = DefaultCorpus.Files(RepositoryRoot.Path)
            .Where(f => !f.Path.StartsWith("sweep/", StringComparison.Ordinal))
            .Select(f => (Records: CorpusGenerator.Generate(f.Kind, DefaultCorpus.Count, DefaultCorpus.Seed, f.Strength), Labels: LabelInventory.For(f.Kind).TextLabels))
            .ToList();
        Assert.Equal(12, datasets.Count);
        var prompts = datasets.SelectMany(d => d.Records.SelectMany(r => Conditions.All.Select(c => PromptBuilder.Build(r, c, d.Labels)))).ToList();
        var tokenizer = LanguageModelStore.BuildTokenizer(prompts.SelectMany(LoadedLanguageModel.TemplateTexts));

        var unknown = 0;
        foreach (var prompt in prompts)
        {
            var segments = LoadedLanguageModel.Segments(prompt);
            var training = ChatTemplate.Encode(tokenizer, segments, prompt.Answer);
            var inference = ChatTemplate.Encode(tokenizer, segments, null);
            unknown += training.Ids.Count(id => id == tokenizer.UnknownId) + inference.Ids.Count(id => id == tokenizer.UnknownId);
            Assert.Equal(tokenizer.BosId, training.Ids[0]);
            Assert.Equal(tokenizer.EosId, training.Ids[^1]);
        }
        Assert.Equal(0, unknown);
        Assert.Equal(96_000, prompts.Count);
    }

    [Fact]
    public void Should_give_every_chat_marker_real_ids_where_the_template_writes_it()
    {
        // meta-llama's B_INST, B_SYS, E_SYS, E_INST around a system message and a user message from the corpus.
        var tokenizer = LanguageModelStore.BuildTokenizer(["佐藤氏が語った。", "文芸"]);
        var text = "[INST] <<SYS>>\n文芸\n<</SYS>>\n\n佐藤氏が語った。 [/INST]";
        var ids = tokenizer.Encode(text);
        Assert.DoesNotContain(tokenizer.UnknownId, ids);
        Assert.Equal(text, tokenizer.Decode(ids));
        Assert.DoesNotContain(tokenizer.UnknownId, tokenizer.Encode(ChatTemplate.MarkerText));
        Assert.NotEqual(tokenizer.UnknownId, tokenizer.BosId);
        Assert.NotEqual(tokenizer.BosId, tokenizer.EosId);
    }
}
