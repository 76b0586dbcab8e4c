using MreRepro.Models.Checkpoints;
using MreRepro.Models.Llama;
using MreRepro.Stages.ModelAccess;
using TorchSharp;

namespace MreRepro.Stages.Tests.ModelAccess;

/// <summary>A fine-tuned model is saved in the dtype it was trained in, not widened to float32.</summary>
public sealed class SavedDtypeTests
{
    [Theory]
    [InlineData(torch.ScalarType.BFloat16, "BF16")]
    [InlineData(torch.ScalarType.Float32, "F32")]
    public void Should_save_a_model_in_its_own_dtype(torch.ScalarType dtype, string stored)
    {
        using var folder = new TempFolder("mre-dtype-");
        var tokenizer = LanguageModelStore.BuildTokenizer(["佐藤氏が京都で語った。文芸"]);
        torch.manual_seed(3);
        var config = LlamaConfig.Small(tokenizer.VocabSize, hidden: 16, intermediate: 32, layers: 1, heads: 2, maxPositions: 64,
            bos: tokenizer.BosId, eos: tokenizer.EosId, pad: tokenizer.PadId);
        var model = new LlamaForCausalLM(config);
        model.to(dtype);
        using var lm = new LoadedLanguageModel(model, tokenizer, torch.CPU);

        lm.Save(folder.Path);

        var entries = Directory.GetFiles(folder.Path, "*.safetensors").SelectMany(SafetensorsHeader.Read).ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal(stored, e.Dtype));
    }
}
