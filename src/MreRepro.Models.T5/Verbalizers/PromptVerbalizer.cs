using MreRepro.Models.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Verbalizers;

/// <summary>
/// OpenPrompt's ManualVerbalizer pipeline shared by both verbalizers: gather mask logits by label-word ids
/// [C, W, T], reduce pieces, softmax over all C×W slots, optional calibration, log(p + 1e-15), then aggregate.
/// </summary>
public abstract class PromptVerbalizer : nn.Module<Tensor, Tensor>
{
    private readonly MultiTokenHandler _handler;
    private Tensor? _calibrationLogits;

    private protected PromptVerbalizer(string name, IReadOnlyList<IReadOnlyList<string>> labelWords, Func<string, int[]> tokenize,
        string prefix, MultiTokenHandler handler, int maxTokenSplit) : base(name)
    {
        _handler = handler;
        var prefixed = labelWords.Select(words => words.Select(w => AddPrefix(w, prefix)).ToArray()).ToArray();
        var kept = new List<string[]>();
        var pieces = new List<int[][]>();
        foreach (var words in prefixed)
        {
            var classWords = new List<string>();
            var classPieces = new List<int[]>();
            foreach (var word in words)
            {
                var ids = tokenize(word);
                if (ids.Length == 0 || (maxTokenSplit > 0 && ids.Length > maxTokenSplit))
                {
                    continue;
                }
                classWords.Add(word);
                classPieces.Add(ids);
            }
            kept.Add(classWords.ToArray());
            pieces.Add(classPieces.ToArray());
        }
        LabelWords = kept;
        WordPieces = pieces;
        SinglePieceWordCount = pieces.Sum(c => c.Count(p => p.Length == 1));
        MultiPieceWordCount = pieces.Sum(c => c.Count(p => p.Length > 1));
        var classes = pieces.Count;
        var maxWords = Math.Max(1, pieces.Max(c => c.Length));
        var maxPieces = Math.Max(1, pieces.SelectMany(c => c).Select(p => p.Length).DefaultIfEmpty(1).Max());
        var ids3 = new long[classes * maxWords * maxPieces];
        var idsMask = new float[ids3.Length];
        var wordMask = new float[classes * maxWords];
        for (var c = 0; c < classes; c++)
        {
            for (var w = 0; w < pieces[c].Length; w++)
            {
                wordMask[c * maxWords + w] = 1f;
                for (var t = 0; t < pieces[c][w].Length; t++)
                {
                    ids3[(c * maxWords + w) * maxPieces + t] = pieces[c][w][t];
                    idsMask[(c * maxWords + w) * maxPieces + t] = 1f;
                }
            }
        }
        LabelWordsIds = tensor(ids3).view(classes, maxWords, maxPieces);
        WordsIdsMask = tensor(idsMask).view(classes, maxWords, maxPieces);
        LabelWordsMask = tensor(wordMask).view(classes, maxWords);
        register_buffer("label_words_ids", LabelWordsIds, persistent: false);
        register_buffer("words_ids_mask", WordsIdsMask, persistent: false);
        register_buffer("label_words_mask", LabelWordsMask, persistent: false);
    }

    // Buffers and parameters are registered by hand; TorchSharp's field reflection would register them twice.
    protected override void RegisterComponents()
    {
    }

    /// <summary>Label words per class after preprocessing, in tensor order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> LabelWords { get; }

    /// <summary>The token ids of each label word, aligned with <see cref="LabelWords"/>.</summary>
    internal IReadOnlyList<IReadOnlyList<int[]>> WordPieces { get; }

    public int SinglePieceWordCount { get; }

    public int MultiPieceWordCount { get; }

    public int ClassCount => LabelWords.Count;

    internal Tensor LabelWordsIds { get; }

    internal Tensor WordsIdsMask { get; }

    internal Tensor LabelWordsMask { get; }

    /// <summary>Registers the contextual prior: mean raw full-vocabulary mask logits [V] over a support set.</summary>
    public void RegisterCalibrationLogits(Tensor meanLogits)
    {
        _calibrationLogits?.Dispose();
        _calibrationLogits = meanLogits.detach().clone();
    }

    /// <summary>Class scores [B, C] from mask-position vocabulary logits [B, V].</summary>
    public override Tensor forward(Tensor maskLogits)
    {
        using var scope = NewDisposeScope();
        var probs = Normalize(Project(maskLogits));
        if (_calibrationLogits is not null)
        {
            var prior = Normalize(Project(_calibrationLogits.to(maskLogits.device).unsqueeze(0)));
            probs = probs / prior.Plus(LiveScalars.Of(1e-15));
            var flat = probs.reshape(probs.shape[0], -1);
            probs = (flat / flat.sum(-1, keepdim: true)).reshape(probs.shape);
        }
        return Aggregate(probs.Plus(LiveScalars.Of(1e-15)).log()).MoveToOuterDisposeScope();
    }

    /// <summary>Label-word logits [B, C, W] with padded word slots pushed to -10000.</summary>
    internal Tensor Project(Tensor logits)
    {
        using var scope = NewDisposeScope();
        var ids = LabelWordsIds.to(logits.device);
        var gathered = logits.index_select(1, ids.flatten()).view(logits.shape[0], ids.shape[0], ids.shape[1], ids.shape[2]);
        var mask = WordsIdsMask.to(logits.device).to_type(logits.dtype).unsqueeze(0);
        var reduced = _handler switch
        {
            MultiTokenHandler.First => gathered.select(-1, 0),
            MultiTokenHandler.Max => (gathered - LiveScalars.Of(1000.0) * LiveScalars.Of(1.0).Minus(mask)).max(-1).values,
            _ => (gathered * mask).sum(-1) / mask.sum(-1).Plus(LiveScalars.Of(1e-15)),
        };
        var wordMask = LabelWordsMask.to(logits.device).to_type(logits.dtype);
        return (reduced - LiveScalars.Of(10000.0) * LiveScalars.Of(1.0).Minus(wordMask)).MoveToOuterDisposeScope();
    }

    /// <summary>Joint softmax over all C×W label-word slots.</summary>
    internal static Tensor Normalize(Tensor wordLogits)
    {
        var batch = wordLogits.shape[0];
        return wordLogits.reshape(batch, -1).softmax(-1).reshape(wordLogits.shape);
    }

    /// <summary>Reduces log-probabilities [B, C, W] to class scores [B, C].</summary>
    internal abstract Tensor Aggregate(Tensor logProbs);

    // OpenPrompt add_prefix: Python's lstrip(prefix) strips any of the prefix characters; "<!>" opts a word out.
    internal static string AddPrefix(string word, string prefix)
    {
        if (word.StartsWith("<!>", StringComparison.Ordinal))
        {
            return word.Split("<!>")[1];
        }
        return prefix.Length == 0 ? word : prefix + word.TrimStart(prefix.ToCharArray());
    }
}
