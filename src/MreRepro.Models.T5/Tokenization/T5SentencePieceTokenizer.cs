using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace MreRepro.Models.T5.Tokenization;

/// <summary>HF T5Tokenizer semantics over Microsoft.ML.Tokenizers' SentencePiece: no BOS, EOS 1, &lt;extra_id_i&gt; = pieces + extras - 1 - i.</summary>
public sealed partial class T5SentencePieceTokenizer : IT5Tokenizer
{
    private readonly SentencePieceTokenizer _inner;
    private readonly int _pieceCount;
    private readonly int _extraIds;
    private readonly int _unkId;

    private T5SentencePieceTokenizer(SentencePieceTokenizer inner, int pieceCount, int extraIds, int unkId)
    {
        _unkId = unkId;
        _inner = inner;
        _pieceCount = pieceCount;
        _extraIds = extraIds;
    }

    /// <summary>Loads spiece.model; extraIds sentinels follow the pieces as in HF (100 by default).</summary>
    public static T5SentencePieceTokenizer Load(string spieceModelPath, int extraIds = 100)
    {
        if (!File.Exists(spieceModelPath))
        {
            throw new FileNotFoundException($"{spieceModelPath}: SentencePiece model not found", spieceModelPath);
        }
        return FromBytes(File.ReadAllBytes(spieceModelPath), spieceModelPath, extraIds);
    }

    internal static T5SentencePieceTokenizer FromBytes(byte[] model, string source, int extraIds = 100)
    {
        var bos = SentencePieceModelPatch.ReadBosId(model);
        var pieceCount = SentencePieceModelPatch.CountPieces(model);
        var unkId = SentencePieceModelPatch.ReadUnkId(model);
        if (bos is < 0)
        {
            // Control piece 0 (<pad>) stands in for the missing BOS; Encode never asks the library for BOS.
            model = SentencePieceModelPatch.WithBosId(model, 0);
        }
        SentencePieceTokenizer inner;
        try
        {
            using var stream = new MemoryStream(model, writable: false);
            inner = SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{source}: not a SentencePiece model the tokenizer library can read ({e.Message})", e);
        }
        return new T5SentencePieceTokenizer(inner, pieceCount, extraIds, unkId);
    }

    public int PadId => 0;

    public int EosId => 1;

    public int VocabSize => _pieceCount + _extraIds;

    public int SentinelId(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, _extraIds);
        return _pieceCount + _extraIds - 1 - i;
    }

    /// <summary>Ids of text; literal &lt;extra_id_N&gt; markers become sentinel ids as in HF's T5Tokenizer.</summary>
    public int[] Encode(string text)
    {
        var ids = new List<int>();
        var last = 0;
        foreach (Match match in SentinelPattern().Matches(text))
        {
            EncodePlain(text[last..match.Index], ids);
            ids.Add(SentinelId(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
            last = match.Index + match.Length;
        }
        EncodePlain(text[last..], ids);
        return ids.ToArray();
    }

    /// <summary>Ids of text followed by EOS, the T5 encoder input convention.</summary>
    public int[] EncodeWithEos(string text) => [.. Encode(text), EosId];

    public string Decode(IEnumerable<int> ids) =>
        _inner.Decode(ids.Where(id => id > EosId && id < _pieceCount), considerSpecialTokens: false);

    private void EncodePlain(string text, List<int> ids)
    {
        if (text.Length == 0)
        {
            return;
        }
        foreach (var id in _inner.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false))
        {
            // Google's Unigram merges a run of unknown characters into one <unk>; the library emits one per character.
            if (id == _unkId && ids.Count > 0 && ids[^1] == _unkId)
            {
                continue;
            }
            ids.Add(id);
        }
    }

    [GeneratedRegex(@"<extra_id_(\d+)>")]
    private static partial Regex SentinelPattern();
}
