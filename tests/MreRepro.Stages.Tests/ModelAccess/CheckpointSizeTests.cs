using MreRepro.Models.Llama;
using MreRepro.Stages.Common;
using MreRepro.Stages.ModelAccess;
using TorchSharp;

namespace MreRepro.Stages.Tests.ModelAccess;

/// <summary>With source: checkpoint the sizes under model: document the checkpoint; one that disagrees with its config.json stops the stage.</summary>
public sealed class CheckpointSizeTests
{
    [Fact]
    public void Should_refuse_a_checkpoint_whose_config_disagrees_with_the_sizes_in_params_yaml()
    {
        using var root = new TempFolder("mre-sizes-");
        var tokenizer = LanguageModelStore.BuildTokenizer(["佐藤氏が京都で語った。文芸"]);
        torch.manual_seed(3);
        var config = LlamaConfig.Small(tokenizer.VocabSize, hidden: 16, intermediate: 32, layers: 1, heads: 2, maxPositions: 64,
            bos: tokenizer.BosId, eos: tokenizer.EosId, pad: tokenizer.PadId);
        using (var lm = new LoadedLanguageModel(new LlamaForCausalLM(config), tokenizer, torch.CPU))
        {
            lm.Save(root.PathOf("tiny"));
        }
        // The paper profile as committed (LLaMA-2-7B's sizes), pointed at the tiny folder on CPU.
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "params.yaml"))
            .Replace("checkpoint: models/Llama-2-7b-chat-hf", "checkpoint: tiny", StringComparison.Ordinal)
            .Replace("    device: cuda\n    dtype: bfloat16", "    device: cpu\n    dtype: float32", StringComparison.Ordinal);
        root.Write("params.yaml", text);
        var ctx = StageContext.Load(root.Path, "paper", console: new Spectre.Console.Testing.TestConsole());

        var e = Assert.Throws<StageException>(() => LanguageModelStore.Load(ctx, ModelFolders.Base(ctx)).Dispose());

        Assert.Contains("paper.model.hidden_size 4096 but hidden_size 16", e.Message);
        Assert.Contains("paper.model.layers 32 but num_hidden_layers 1", e.Message);
        Assert.Contains(Path.Combine(root.PathOf("tiny"), "config.json"), e.Message);
    }
}
