using MreRepro.Models.T5.Model;

namespace MreRepro.Models.T5.Tests.Model;

public sealed class T5ConfigTests
{
    [Fact]
    public void Should_read_hugging_face_names_and_defaults()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("t5cfg").FullName, "config.json");
        File.WriteAllText(path, """{"d_model": 768, "d_ff": 3072, "d_kv": 64, "num_heads": 12, "num_layers": 12, "feed_forward_proj": "relu", "vocab_size": 32128, "architectures": ["T5Model"]}""");
        var config = T5Config.Load(path);
        Assert.Equal(12, config.DecoderLayers);
        Assert.Equal(128, config.RelativeAttentionMaxDistance);
        Assert.True(config.TieWordEmbeddings);
    }

    [Fact]
    public void Should_name_file_for_unsupported_feed_forward()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("t5cfg").FullName, "config.json");
        File.WriteAllText(path, """{"feed_forward_proj": "gated-silu"}""");
        var error = Assert.Throws<T5ConfigException>(() => T5Config.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("gated-silu", error.Message);
    }

    [Fact]
    public void Should_build_the_small_default_profile_model()
    {
        using var model = new T5ForConditionalGeneration(T5Config.Small(vocabSize: 8000));
        var parameters = model.parameters().Sum(p => p.numel());
        Assert.Equal(128, model.Config.DModel);
        Assert.InRange(parameters, 1_000_000, 2_000_000);
    }
}
