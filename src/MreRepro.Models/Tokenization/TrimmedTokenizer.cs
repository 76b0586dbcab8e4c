using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using MreRepro.Files;

namespace MreRepro.Models.Tokenization;

/// <summary>
/// The default profile's tokenizer: the o200k Tiktoken vocabulary shipped in Microsoft.ML.Tokenizers.Data.O200kBase
/// (no download, covers Japanese), trimmed to the tokens a corpus uses so a small model does not carry 200k
/// embedding rows. Ids 0-3 are &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, &lt;pad&gt;, then any extra special tokens, then the
/// kept o200k ids in ascending order. An o200k token the corpus never used encodes as &lt;unk&gt; (no byte fallback:
/// the vocabulary is built from the very texts the model sees, so unknowns only come from text outside the corpus).
/// Extra special tokens written literally in the text encode as their own id.
/// </summary>
public sealed class TrimmedTokenizer : IModelTokenizer
{
    public const string FileName = "tokenizer.trimmed.json";
    private const string BaseName = "o200k_base";
    private static readonly string[] BaseSpecials = ["<unk>", "<s>", "</s>", "<pad>"];
    private static readonly Lazy<TiktokenTokenizer> O200k = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));
    private readonly string[] _specials;
    private readonly int[] _baseIds;
    private readonly Dictionary<int, int> _toDense;

    private TrimmedTokenizer(string[] specials, int[] baseIds)
    {
        _specials = specials;
        _baseIds = baseIds;
        _toDense = baseIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i + specials.Length);
    }

    public int UnknownId => 0;
    public int BosId => 1;
    public int EosId => 2;
    public int PadId => 3;
    public int VocabSize => _specials.Length + _baseIds.Length;

    /// <summary>&lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, &lt;pad&gt; and the extra special tokens, in id order.</summary>
    public IReadOnlyList<string> SpecialTokens => _specials;

    /// <summary>Keeps every o200k token that any of the texts uses (deterministic: ascending base ids).</summary>
    public static TrimmedTokenizer Build(IEnumerable<string> texts, IEnumerable<string>? extraSpecialTokens = null)
    {
        var extras = (extraSpecialTokens ?? []).ToArray();
        var duplicate = extras.Concat(BaseSpecials).GroupBy(s => s).FirstOrDefault(g => g.Count() > 1 || g.Key.Length == 0);
        if (duplicate is not null)
        {
            throw new ArgumentException($"special token '{duplicate.Key}' is empty or given twice (<unk>, <s>, </s>, <pad> are always present).", nameof(extraSpecialTokens));
        }
        var tokenizer = new TrimmedTokenizer([.. BaseSpecials, .. extras], []);
        var used = new SortedSet<int>();
        foreach (var text in texts)
        {
            foreach (var (piece, _) in tokenizer.Pieces(text).Where(p => p.Special < 0))
            {
                used.UnionWith(O200k.Value.EncodeToIds(piece.Text));
            }
        }
        return new TrimmedTokenizer(tokenizer._specials, used.ToArray());
    }

    public IReadOnlyList<TokenOffset> EncodeWithOffsets(string text)
    {
        var tokens = new List<TokenOffset>();
        foreach (var (piece, special) in Pieces(text))
        {
            if (special >= 0)
            {
                tokens.Add(new TokenOffset(special, piece.Start, piece.Text.Length));
                continue;
            }
            foreach (var t in O200k.Value.EncodeToTokens(piece.Text, out _))
            {
                tokens.Add(new TokenOffset(_toDense.GetValueOrDefault(t.Id, UnknownId), piece.Start + t.Offset.Start.Value, t.Offset.End.Value - t.Offset.Start.Value));
            }
        }
        return tokens;
    }

    public IReadOnlyList<int> Encode(string text) => EncodeWithOffsets(text).Select(t => t.Id).ToList();

    /// <summary>The text of the ids; &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt; and &lt;pad&gt; are dropped, extra special tokens kept.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        var run = new List<int>();
        foreach (var id in ids)
        {
            if (id >= _specials.Length && id < VocabSize)
            {
                run.Add(_baseIds[id - _specials.Length]);
                continue;
            }
            // <unk>, <s>, </s>, <pad> vanish without cutting the run; an extra special token is text of its own.
            if (id >= BaseSpecials.Length && id < _specials.Length)
            {
                Flush();
                text.Append(_specials[id]);
            }
        }
        Flush();
        return text.ToString();

        // o200k tokens may hold part of a UTF-8 character, so runs are decoded together.
        void Flush()
        {
            if (run.Count > 0)
            {
                text.Append(O200k.Value.Decode(run));
                run.Clear();
            }
        }
    }

    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(new TrimmedFile(BaseName, _specials, _baseIds)));
    }

    public static TrimmedTokenizer Load(string path)
    {
        try
        {
            var file = JsonSerializer.Deserialize<TrimmedFile>(File.ReadAllText(path))
                ?? throw new CheckpointException($"{path}: empty tokenizer file.");
            if (file.Base != BaseName)
            {
                throw new CheckpointException($"{path}: base vocabulary '{file.Base}' is not {BaseName}.");
            }
            if (file.Specials is null || file.Ids is null || !file.Specials.Take(BaseSpecials.Length).SequenceEqual(BaseSpecials))
            {
                throw new CheckpointException($"{path}: the special tokens must start with {string.Join(", ", BaseSpecials)}.");
            }
            return new TrimmedTokenizer(file.Specials, file.Ids);
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: not a trimmed tokenizer file ({e.Message}).", e);
        }
    }

    // The text cut at literal extra special tokens (leftmost, then longest); Special is the token's id or -1.
    private IEnumerable<(Piece Piece, int Special)> Pieces(string text)
    {
        var at = 0;
        while (at < text.Length)
        {
            var (next, id) = (-1, -1);
            for (var s = BaseSpecials.Length; s < _specials.Length; s++)
            {
                var found = text.IndexOf(_specials[s], at, StringComparison.Ordinal);
                if (found >= 0 && (next < 0 || found < next || (found == next && _specials[s].Length > _specials[id].Length)))
                {
                    (next, id) = (found, s);
                }
            }
            if (next < 0)
            {
                yield return (new Piece(text[at..], at), -1);
                yield break;
            }
            if (next > at)
            {
                yield return (new Piece(text[at..next], at), -1);
            }
            yield return (new Piece(_specials[id], next), id);
            at = next + _specials[id].Length;
        }
    }

    private readonly record struct Piece(string Text, int Start);

    private sealed record TrimmedFile(string Base, string[] Specials, int[] Ids);
}
