using static TorchSharp.torch;

namespace MreRepro.Models.T5.Verbalizers;

/// <summary>
/// KPT's refinements of a verbalizer's label words (spec B5), from mask-position logits over a support set. Each
/// returns new word lists; a verbalizer built from them starts with fresh weights, as OpenPrompt's rebuild does.
/// </summary>
public static class LabelWordRefinement
{
    /// <summary>
    /// Frequency refinement (KnowledgeableVerbalizer.register_calibrate_logits): the int(candidateFrac·V) vocabulary
    /// ids with the lowest mean calibration logit are rare under the prior; a word with any such piece is dropped
    /// (piece id 0 is OpenPrompt's padding and never counts).
    /// </summary>
    /// <param name="meanLogits">Mean full-vocabulary mask logits over the support set [V].</param>
    public static IReadOnlyList<IReadOnlyList<string>> ByFrequency(PromptVerbalizer verbalizer, Tensor meanLogits, double candidateFrac)
    {
        ArgumentNullException.ThrowIfNull(verbalizer);
        ArgumentNullException.ThrowIfNull(meanLogits);
        ArgumentOutOfRangeException.ThrowIfNegative(candidateFrac);
        var prior = meanLogits.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        var count = (int)(candidateFrac * prior.Length);
        // argsort ascending; ties by id, so the result does not depend on the sort's stability.
        var rare = Enumerable.Range(0, prior.Length).OrderBy(i => prior[i]).ThenBy(i => i).Take(count).ToHashSet();
        return verbalizer.LabelWords.Select((words, c) => (IReadOnlyList<string>)words
            .Where((_, w) => !verbalizer.WordPieces[c][w].Any(id => id != 0 && rare.Contains(id)))
            .ToList()).ToList();
    }

    /// <summary>
    /// Relevance refinement (KPT filter_method.tfidf_filter): each word's projected logits over the support examples,
    /// centred, are compared by cosine with every class's first word; tf is the similarity to its own class, idf the
    /// inverse p-norm mean of the others (p = 10/(C − 2 + 0.01) + 1), tf·idf ranks the words (−100 when tf &lt; 0);
    /// one cut rate, chosen so that the boundary scores of all classes lie nearest 1, keeps the top ⌊rate·n_c⌋
    /// words of each class (at least one), in tf·idf order.
    /// </summary>
    /// <param name="supportLogits">Full-vocabulary mask logits of each support example [N, V].</param>
    public static IReadOnlyList<IReadOnlyList<string>> ByRelevance(PromptVerbalizer verbalizer, Tensor supportLogits)
    {
        ArgumentNullException.ThrowIfNull(verbalizer);
        ArgumentNullException.ThrowIfNull(supportLogits);
        var classes = verbalizer.ClassCount;
        if (classes < 2)
        {
            throw new ArgumentException("the relevance refinement compares classes: it needs at least two.", nameof(verbalizer));
        }
        if (verbalizer.LabelWords.Any(words => words.Count == 0))
        {
            throw new ArgumentException("the relevance refinement needs at least one label word in every class.", nameof(verbalizer));
        }
        using var scope = NewDisposeScope();
        // [N, C, W] -> per class and word, the centred vector over the N support examples.
        var projected = verbalizer.Project(supportLogits).to_type(ScalarType.Float64).cpu();
        var n = (int)projected.shape[0];
        var slots = (int)projected.shape[2];
        var values = projected.data<double>().ToArray();
        double[] Vector(int c, int w)
        {
            var v = new double[n];
            for (var i = 0; i < n; i++)
            {
                v[i] = values[(i * classes + c) * slots + w];
            }
            var mean = v.Average();
            return v.Select(x => x - mean).ToArray();
        }
        var anchors = Enumerable.Range(0, classes).Select(c => Vector(c, 0)).ToArray();
        var p = 10.0 / (classes - 2 + 1e-2) + 1;
        var ranked = new List<List<(string Word, double Score)>>();
        for (var c = 0; c < classes; c++)
        {
            var scored = new List<(string, double)>();
            for (var w = 0; w < verbalizer.LabelWords[c].Count; w++)
            {
                var vector = Vector(c, w);
                var similarity = anchors.Select(a => Cosine(vector, a)).ToArray();
                var tf = similarity[c];
                var others = similarity.Where((_, k) => k != c).ToArray();
                var idf = 1.0 / (Math.Pow(others.Sum(x => Math.Pow(Math.Abs(x), p)), 1 / p) / Math.Pow(classes - 1, 1 / p));
                scored.Add((verbalizer.LabelWords[c][w], tf < 0 ? -100 : tf * idf));
            }
            // Python's sorted is stable: equal scores keep their order.
            ranked.Add(scored.Select((s, i) => (s, i)).OrderByDescending(x => x.s.Item2).ThenBy(x => x.i).Select(x => x.s).ToList());
        }
        var longest = ranked.Max(r => r.Count);
        var bestRate = 0.0;
        var bestLoss = double.PositiveInfinity;
        for (var cut = 0; cut < longest; cut++)
        {
            var rate = cut / (double)longest;
            var loss = ranked.Sum(r =>
            {
                var k = (int)(rate * r.Count);
                var boundary = k >= r.Count ? r[^1].Score : r[k].Score;
                return (boundary - 1) * (boundary - 1);
            });
            if (loss < bestLoss)
            {
                (bestRate, bestLoss) = (rate, loss);
            }
        }
        return ranked.Select(r => (IReadOnlyList<string>)r.Take(Math.Max(1, (int)(r.Count * bestRate))).Select(x => x.Word).ToList()).ToList();
    }

    // sklearn's cosine_similarity: a zero vector has similarity 0 with everything.
    private static double Cosine(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }
}
