using MreRepro.Models.T5.Verbalizers;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Tests.Verbalizers;

[Collection("NoParallelization")]
public sealed class VerbalizerTests
{
    // Class A: "a" -> [2], "x" -> [3, 4]; class B: "b" -> [5]; vocabulary of 6.
    private static readonly IReadOnlyList<IReadOnlyList<string>> s_words = [["a", "x"], ["b"]];
    private static readonly float[] s_logits = [0f, 0f, 1f, 2f, 3f, 0.5f];

    private static int[] Tokenize(string word) => word switch
    {
        "a" => [2],
        "x" => [3, 4],
        "b" => [5],
        _ => [],
    };

    [Theory]
    [InlineData(MultiTokenHandler.First, 2.0)]
    [InlineData(MultiTokenHandler.Mean, 2.5)]
    [InlineData(MultiTokenHandler.Max, 3.0)]
    public void Should_score_classes_by_mean_log_probability(MultiTokenHandler handler, double xLogit)
    {
        using var verbalizer = new ManualVerbalizer(s_words, Tokenize, handler: handler);
        using var logits = tensor(s_logits).unsqueeze(0);
        var scores = verbalizer.forward(logits).data<float>().ToArray();
        var logZ = Math.Log(Math.Exp(1.0) + Math.Exp(xLogit) + Math.Exp(0.5));
        Assert.Equal((1.0 - logZ + xLogit - logZ) / 2, scores[0], 5);
        Assert.Equal(0.5 - logZ, scores[1], 5);
    }

    [Fact]
    public void Should_equal_manual_mean_when_weights_are_zero_and_weight_words_when_trained()
    {
        using var manual = new ManualVerbalizer(s_words, Tokenize);
        using var knowledgeable = new KnowledgeableVerbalizer(s_words, Tokenize);
        knowledgeable.eval();
        using var logits = tensor(s_logits).unsqueeze(0);
        Assert.True(manual.forward(logits).allclose(knowledgeable.forward(logits), rtol: 1e-6, atol: 1e-6));

        using (no_grad())
        {
            knowledgeable.LabelWordsWeights[0, 0] = tensor(Math.Log(3.0));
        }
        var scores = knowledgeable.forward(logits).data<float>().ToArray();
        var logZ = Math.Log(Math.Exp(1.0) + Math.Exp(2.0) + Math.Exp(0.5));
        Assert.Equal(0.75 * (1.0 - logZ) + 0.25 * (2.0 - logZ), scores[0], 5);
        Assert.Equal(0.5 - logZ, scores[1], 5);
    }

    [Fact]
    public void Should_apply_pred_temp_only_in_eval()
    {
        using var knowledgeable = new KnowledgeableVerbalizer(s_words, Tokenize, predTemp: 2.0);
        using (no_grad())
        {
            knowledgeable.LabelWordsWeights[0, 0] = tensor(Math.Log(3.0));
        }
        using var logits = tensor(s_logits).unsqueeze(0);
        var logZ = Math.Log(Math.Exp(1.0) + Math.Exp(2.0) + Math.Exp(0.5));
        knowledgeable.eval();
        Assert.Equal(0.9 * (1.0 - logZ) + 0.1 * (2.0 - logZ), knowledgeable.forward(logits).data<float>()[0], 5);
        knowledgeable.train();
        Assert.Equal(0.75 * (1.0 - logZ) + 0.25 * (2.0 - logZ), knowledgeable.forward(logits).data<float>()[0], 5);
    }

    [Fact]
    public void Should_divide_by_contextual_prior_and_renormalise()
    {
        using var manual = new ManualVerbalizer(s_words, Tokenize);
        using var prior = tensor(new[] { 0f, 0f, 0f, 0f, 0f, (float)Math.Log(2.0) });
        manual.RegisterCalibrationLogits(prior);
        using var logits = tensor(s_logits).unsqueeze(0);
        var scores = manual.forward(logits).data<float>().ToArray();
        // Prior over slots (a, x, b) is (1/4, 1/4, 1/2); calibrated mass is (4e, 4e^2, 2e^0.5) / S.
        var s = 4 * Math.E + 4 * Math.Exp(2) + 2 * Math.Exp(0.5);
        Assert.Equal((Math.Log(4 * Math.E / s) + Math.Log(4 * Math.Exp(2) / s)) / 2, scores[0], 5);
        Assert.Equal(Math.Log(2 * Math.Exp(0.5) / s), scores[1], 5);
    }

    [Fact]
    public void Should_drop_words_longer_than_max_token_split_and_count_pieces()
    {
        using var verbalizer = new ManualVerbalizer(s_words, Tokenize, maxTokenSplit: 1);
        Assert.Equal(["a"], verbalizer.LabelWords[0]);
        Assert.Equal(2, verbalizer.SinglePieceWordCount);
        Assert.Equal(0, verbalizer.MultiPieceWordCount);
    }

    [Theory]
    [InlineData("word", "", "word")]
    [InlineData("word", " ", " word")]
    [InlineData("  word", " ", " word")]
    [InlineData("<!>raw", " ", "raw")]
    public void Should_add_prefix_like_openprompt(string word, string prefix, string expected)
    {
        Assert.Equal(expected, PromptVerbalizer.AddPrefix(word, prefix));
    }
}
