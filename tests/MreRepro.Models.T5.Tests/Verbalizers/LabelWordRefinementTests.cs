using MreRepro.Models.T5.Verbalizers;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Tests.Verbalizers;

/// <summary>KPT's frequency and relevance refinements of the label words (spec B5), on hand-computed cases.</summary>
public sealed class LabelWordRefinementTests
{
    // One piece per word: A=1, B=2, G=3, F=4, D=5, E=6, Z=0 (OpenPrompt's padding id), vocabulary of 8.
    private static readonly Dictionary<string, int[]> Ids = new()
    {
        ["A"] = [1], ["B"] = [2], ["G"] = [3], ["F"] = [4], ["D"] = [5], ["E"] = [6], ["Z"] = [0],
    };

    [Fact]
    public void Should_drop_words_whose_pieces_are_among_the_rarest_prior_ids_but_never_for_padding_id_0()
    {
        using var verbalizer = new KnowledgeableVerbalizer([["A", "B", "G"], ["D", "E", "Z"]], w => Ids[w]);
        // Ascending prior: id 0, then 3, then 6; int(0.375 · 8) = 3 of them are rare.
        using var prior = tensor(new float[] { -5, 0, 0, -4, 0, 0, -3, 0 });
        var refined = LabelWordRefinement.ByFrequency(verbalizer, prior, 0.375);
        Assert.Equal(["A", "B"], refined[0]);
        Assert.Equal(["D", "Z"], refined[1]);
        Assert.Equal(verbalizer.LabelWords, LabelWordRefinement.ByFrequency(verbalizer, prior, 0.0));
    }

    [Fact]
    public void Should_rank_by_tfidf_and_cut_where_the_boundary_scores_are_nearest_one()
    {
        using var verbalizer = new KnowledgeableVerbalizer([["A", "B", "G", "F"], ["D", "E"]], w => Ids[w]);
        // Centred vectors over three support examples; cos(A, D) = 0.5, so with two classes (p ≈ 1001) idf = 1/|cos|:
        // A, B: tf 1, idf 2 -> 2; G: tf 0.5, idf 2 -> 1; F: tf −1 -> −100; D: 2; E: 1. Cut rates 0, ¼, ½, ¾ give
        // losses 2, 2, 0 and a huge one, so half of each class is kept: A, B and D.
        var vectors = new Dictionary<int, double[]>
        {
            [1] = [-1, 0, 1], [2] = [-1, 0, 1], [3] = [0, -1, 1], [4] = [1, 0, -1], [5] = [-1, 1, 0], [6] = [0, 1, -1],
        };
        var logits = new float[3 * 8];
        foreach (var (id, v) in vectors)
        {
            for (var i = 0; i < 3; i++)
            {
                logits[i * 8 + id] = (float)(v[i] + 7);   // an offset per word changes nothing: vectors are centred
            }
        }
        using var support = tensor(logits).view(3, 8);
        var refined = LabelWordRefinement.ByRelevance(verbalizer, support);
        Assert.Equal(["A", "B"], refined[0]);
        Assert.Equal(["D"], refined[1]);
    }

    [Fact]
    public void Should_keep_at_least_one_word_per_class()
    {
        using var verbalizer = new ManualVerbalizer([["A"], ["D"]], w => Ids[w]);
        using var support = rand(4, 8);
        var refined = LabelWordRefinement.ByRelevance(verbalizer, support);
        Assert.Equal(["A"], refined[0]);
        Assert.Equal(["D"], refined[1]);
    }

    [Fact]
    public void Should_refuse_a_class_left_without_words()
    {
        using var verbalizer = new KnowledgeableVerbalizer([["A", "B"], []], w => Ids[w]);
        using var support = rand(4, 8);
        Assert.Throws<ArgumentException>(() => LabelWordRefinement.ByRelevance(verbalizer, support));
    }
}
