using TorchSharp;
using System.Text.Json;
using MreRepro.Models.T5.Checkpoints;
using MreRepro.Models.T5.Model;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Tests.Model;

[Collection("NoParallelization")]
public sealed class T5ForConditionalGenerationTests
{
    private static readonly string s_references = Path.Combine(AppContext.BaseDirectory, "References");

    [Theory]
    [InlineData("t5_v10_tied", false, 1e-5)]
    [InlineData("t5_v11_untied", false, 1e-5)]
    [InlineData("t5_v10_tied", true, 1e-9)]
    [InlineData("t5_v11_untied", true, 1e-9)]
    public void Should_match_independent_python_t5_logits(string variant, bool float64, double tolerance)
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_references, "t5_reference.json")));
        var root = reference.RootElement;
        using var model = T5Checkpoint.Load(Path.Combine(s_references, variant));
        model.eval();
        if (float64)
        {
            model.to(ScalarType.Float64);
        }
        using var inputIds = Ids(root.GetProperty("input_ids"));
        using var mask = Ids(root.GetProperty("attention_mask"));
        using var decoderIds = Ids(root.GetProperty("decoder_input_ids"));
        using var noGrad = no_grad();
        using var logits = model.Forward(inputIds, mask, decoderIds);
        var expected = root.GetProperty("models").GetProperty(variant).GetProperty("logits");
        var actual = logits.to_type(ScalarType.Float64).data<double>().ToArray();
        var flat = expected.EnumerateArray().SelectMany(b => b.EnumerateArray()).SelectMany(r => r.EnumerateArray()).Select(v => v.GetDouble()).ToArray();
        Assert.Equal(flat.Length, actual.Length);
        var scale = flat.Max(Math.Abs);
        var worst = flat.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance * scale, $"max |diff| {worst} exceeds {tolerance} x max |logit| {scale}");
    }

    [Fact]
    public void Should_ignore_padded_encoder_positions()
    {
        random.manual_seed(3);
        var config = TinyConfig();
        using var model = new T5ForConditionalGeneration(config);
        model.eval();
        using var noGrad = no_grad();
        using var shortIds = tensor(new long[] { 5, 6, 7, 1 }).view(1, 4);
        using var paddedIds = tensor(new long[] { 5, 6, 7, 1, 0, 0 }).view(1, 6);
        using var paddedMask = tensor(new long[] { 1, 1, 1, 1, 0, 0 }).view(1, 6);
        using var decoder = tensor(new long[] { 0, 9 }).view(1, 2);
        using var a = model.Forward(shortIds, null, decoder);
        using var b = model.Forward(paddedIds, paddedMask, decoder);
        Assert.True(a.allclose(b, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Should_not_let_decoder_see_future_tokens()
    {
        random.manual_seed(4);
        using var model = new T5ForConditionalGeneration(TinyConfig());
        model.eval();
        using var noGrad = no_grad();
        using var ids = tensor(new long[] { 5, 6, 7, 1 }).view(1, 4);
        using var d1 = tensor(new long[] { 0, 9, 10 }).view(1, 3);
        using var d2 = tensor(new long[] { 0, 9, 20 }).view(1, 3);
        using var a = model.Forward(ids, null, d1);
        using var b = model.Forward(ids, null, d2);
        Assert.True(a[.., ..2].allclose(b[.., ..2], rtol: 1e-5, atol: 1e-6));
        Assert.False(a[.., 2].allclose(b[.., 2], rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Should_name_parameters_like_hugging_face()
    {
        using var model = new T5ForConditionalGeneration(TinyConfig());
        var names = model.state_dict().Keys.ToHashSet();
        Assert.Contains("shared.weight", names);
        Assert.Contains("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", names);
        Assert.DoesNotContain("encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight", names);
        Assert.Contains("encoder.block.1.layer.1.DenseReluDense.wi.weight", names);
        Assert.Contains("decoder.block.1.layer.1.EncDecAttention.q.weight", names);
        Assert.Contains("decoder.block.1.layer.2.layer_norm.weight", names);
        Assert.Contains("decoder.final_layer_norm.weight", names);
        Assert.DoesNotContain("lm_head.weight", names);
    }

    [Fact]
    public void Should_describe_t5_base_japanese_shapes()
    {
        var config = T5Config.BaseJapanese();
        Assert.Equal((768, 3072, 64, 12, 12, 12, 32128), (config.DModel, config.DFf, config.DKv, config.NumHeads, config.NumLayers, config.DecoderLayers, config.VocabSize));
        Assert.True(config.TieWordEmbeddings);
        Assert.False(config.IsGatedGelu);
    }

    [Fact]
    public void Should_shift_labels_right_with_decoder_start_and_pad()
    {
        using var model = new T5ForConditionalGeneration(TinyConfig());
        using var labels = tensor(new long[] { 7, 8, 1, -100 }).view(1, 4);
        using var shifted = model.ShiftRight(labels);
        Assert.Equal(new long[] { 0, 7, 8, 1 }, shifted.data<long>().ToArray());
    }

    internal static T5Config TinyConfig() => new()
    {
        DModel = 16, DFf = 24, DKv = 8, NumHeads = 2, NumLayers = 2, NumDecoderLayers = 2, VocabSize = 40,
        RelativeAttentionNumBuckets = 8, RelativeAttentionMaxDistance = 16, DropoutRate = 0.0,
    };

    private static Tensor Ids(JsonElement rows)
    {
        var data = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
        return tensor(data.SelectMany(r => r).ToArray()).view(data.Length, data[0].Length);
    }
}
