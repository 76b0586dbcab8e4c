using System.Text.Json.Nodes;
using MreRepro.Training.Loop;
using MreRepro.Training.Lora;
using MreRepro.Training.Tests.Fixtures;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

using static MreRepro.Training.Tests.Lora.LoraFixture;

namespace MreRepro.Training.Tests.Lora;

public sealed class LoraAdapterFileTests
{
    [Fact]
    public void Should_save_only_the_adapters_as_peft_does_and_merge_them_into_a_fresh_base_on_load()
    {
        using var folder = new TempFolder("mre-adapter-");
        var (trained, lora) = Trained();
        using var inputs = Inputs();
        using var expected = trained.call(inputs);

        LoraAdapterFile.Save(lora, folder.Path, "models/base");
        using var fresh = NewModel(2);
        LoraAdapterFile.MergeInto(fresh, folder.Path);
        using var actual = fresh.call(inputs);

        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-5), $"merged-on-load outputs differ by {(actual - expected).abs().max().item<float>()}");
        Assert.Equal([LoraAdapterFile.ConfigFile, LoraAdapterFile.WeightsFile], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
        var names = Safetensors.LoadStateDict(folder.PathOf(LoraAdapterFile.WeightsFile)).Keys.Order().ToList();
        Assert.Equal(
        [
            "base_model.model.block.q_proj.lora_A.weight", "base_model.model.block.q_proj.lora_B.weight",
            "base_model.model.block.v_proj.lora_A.weight", "base_model.model.block.v_proj.lora_B.weight",
        ], names);
        var config = JsonNode.Parse(folder.Read(LoraAdapterFile.ConfigFile))!;
        Assert.Equal("LORA", config["peft_type"]!.GetValue<string>());
        Assert.Equal(2, config["r"]!.GetValue<int>());
        Assert.Equal(4.0, config["lora_alpha"]!.GetValue<double>());
        Assert.Equal("models/base", config["base_model_name_or_path"]!.GetValue<string>());
        Assert.True(LoraAdapterFile.IsAdapter(folder.Path));
        trained.Dispose();
    }

    [Theory]
    [InlineData("\"use_dora\": false", "\"use_dora\": true", "use_dora is true")]
    [InlineData("\"bias\": \"none\"", "\"bias\": \"all\"", "bias is 'all'")]
    [InlineData("\"peft_type\": \"LORA\"", "\"peft_type\": \"IA3\"", "peft_type is 'IA3'")]
    public void Should_refuse_an_adapter_it_would_merge_differently_from_peft(string from, string to, string message)
    {
        using var folder = new TempFolder("mre-adapter-");
        var (trained, lora) = Trained();
        LoraAdapterFile.Save(lora, folder.Path, "models/base");
        var config = folder.Read(LoraAdapterFile.ConfigFile);
        Assert.Contains(from, config);
        folder.Write(LoraAdapterFile.ConfigFile, config.Replace(from, to, StringComparison.Ordinal));

        using var fresh = NewModel(2);
        var e = Assert.Throws<TrainingException>(() => LoraAdapterFile.MergeInto(fresh, folder.Path));

        Assert.Contains(message, e.Message);
        Assert.Contains(LoraAdapterFile.ConfigFile, e.Message);
        trained.Dispose();
    }

    [Fact]
    public void Should_refuse_an_adapter_for_a_module_the_model_does_not_have()
    {
        using var folder = new TempFolder("mre-adapter-");
        var (trained, lora) = Trained();
        LoraAdapterFile.Save(lora, folder.Path, "models/base");
        var tensors = Safetensors.LoadStateDict(folder.PathOf(LoraAdapterFile.WeightsFile));
        var renamed = tensors.ToDictionary(kv => kv.Key.Replace("block.q_proj", "block.x_proj", StringComparison.Ordinal), kv => kv.Value);
        Safetensors.SaveStateDict(folder.PathOf(LoraAdapterFile.WeightsFile), renamed);

        using var fresh = NewModel(2);
        var e = Assert.Throws<TrainingException>(() => LoraAdapterFile.MergeInto(fresh, folder.Path));

        Assert.Contains("'block.x_proj', which is not a Linear layer of the model", e.Message);
        trained.Dispose();
    }
}
