using MreRepro.Models.T5.Checkpoints;
using MreRepro.Models.T5.Model;
using MreRepro.Models.T5.Tests.Model;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Tests.Checkpoints;

[Collection("NoParallelization")]
public sealed class T5CheckpointTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_round_trip_weights_and_config_exactly(bool tied)
    {
        random.manual_seed(11);
        var config = T5ForConditionalGenerationTests.TinyConfig();
        config.TieWordEmbeddings = tied;
        config.FeedForwardProj = tied ? "relu" : "gated-gelu";
        using var model = new T5ForConditionalGeneration(config);
        var dir = Directory.CreateTempSubdirectory("t5ckpt").FullName;
        try
        {
            T5Checkpoint.Save(model, dir);
            using var loaded = T5Checkpoint.Load(dir);
            Assert.Equal(config.ToJson(), loaded.Config.ToJson());
            var original = model.state_dict();
            var copy = loaded.state_dict();
            Assert.Equal(original.Keys.OrderBy(k => k), copy.Keys.OrderBy(k => k));
            foreach (var (name, tensor) in original)
            {
                Assert.True(tensor.eq(copy[name]).all().item<bool>(), name);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Should_name_tensor_and_shapes_when_checkpoint_does_not_fit()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "References", "t5_v10_tied");
        var dir = Directory.CreateTempSubdirectory("t5bad").FullName;
        try
        {
            var config = T5Config.Load(Path.Combine(source, T5Checkpoint.ConfigFile));
            config.DFf = 41;
            File.WriteAllText(Path.Combine(dir, T5Checkpoint.ConfigFile), config.ToJson());
            File.Copy(Path.Combine(source, T5Checkpoint.SafetensorsFile), Path.Combine(dir, T5Checkpoint.SafetensorsFile));
            var error = Assert.Throws<T5CheckpointException>(() => T5Checkpoint.Load(dir));
            Assert.Contains("encoder.block.0.layer.1.DenseReluDense.wi.weight", error.Message);
            Assert.Contains("[40, 32]", error.Message);
            Assert.Contains("[41, 32]", error.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Should_name_missing_tensor()
    {
        random.manual_seed(12);
        var config = T5ForConditionalGenerationTests.TinyConfig();
        using var model = new T5ForConditionalGeneration(config);
        var partial = model.state_dict().Where(kv => kv.Key != "decoder.final_layer_norm.weight").ToDictionary(kv => kv.Key, kv => kv.Value);
        using var target = new T5ForConditionalGeneration(config);
        var error = Assert.Throws<T5CheckpointException>(() => T5Checkpoint.CopyInto(target, partial, "x.safetensors"));
        Assert.Contains("'decoder.final_layer_norm.weight' missing", error.Message);
    }
}
