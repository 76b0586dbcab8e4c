using Microsoft.ML.Tokenizers;

namespace MreRepro.Models.Tokenization;

/// <summary>
/// The LLaMA-2 SentencePiece tokenizer from a checkpoint's tokenizer.model, through Microsoft.ML.Tokenizers'
/// LlamaTokenizer (gives exactly Google's sentencepiece ids, byte fallback included). Offsets are mapped back from
/// the normalised text (which gains the dummy-prefix "▁") to the caller's text.
/// </summary>
public sealed class LlamaSentencePieceTokenizer : IModelTokenizer
{
    public const string FileName = "tokenizer.model";
    private readonly LlamaTokenizer _tokenizer;
    private readonly byte[] _model;

    private LlamaSentencePieceTokenizer(byte[] model)
    {
        _model = model;
        using var stream = new MemoryStream(model);
        _tokenizer = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
    }

    public static LlamaSentencePieceTokenizer Load(string path)
    {
        try
        {
            return new LlamaSentencePieceTokenizer(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new CheckpointException($"{path}: not a SentencePiece model Microsoft.ML.Tokenizers can read ({e.Message}).", e);
        }
    }

    public int BosId => _tokenizer.BeginningOfSentenceId;
    public int EosId => _tokenizer.EndOfSentenceId;
    public int PadId => _tokenizer.UnknownId;   // LLaMA-2 has no pad token; padding is masked anyway
    public int VocabSize => _tokenizer.Vocabulary.Count;

    public IReadOnlyList<int> Encode(string text) => EncodeToIds(text, addBos: false);

    public IReadOnlyList<int> EncodeToIds(string text, bool addBos) =>
        _tokenizer.EncodeToIds(text, addBeginningOfSentence: addBos, addEndOfSentence: false);

    public IReadOnlyList<TokenOffset> EncodeWithOffsets(string text)
    {
        var tokens = _tokenizer.EncodeToTokens(text, out var normalized, addBeginningOfSentence: false, addEndOfSentence: false);
        var shift = normalized is not null && normalized.Length == text.Length + 1 ? 1 : 0;
        return tokens.Select(t =>
        {
            var start = Math.Max(0, t.Offset.Start.Value - shift);
            var end = Math.Max(start, t.Offset.End.Value - shift);
            return new TokenOffset(t.Id, start, end - start);
        }).ToList();
    }

    public string Decode(IEnumerable<int> ids) => _tokenizer.Decode(ids, considerSpecialTokens: false) ?? "";

    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, FileName), _model);
    }
}
