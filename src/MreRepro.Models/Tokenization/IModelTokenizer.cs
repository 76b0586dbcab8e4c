namespace MreRepro.Models.Tokenization;

/// <summary>A token id with the character range of the text it came from.</summary>
public readonly record struct TokenOffset(int Id, int Start, int Length);

/// <summary>What the models and stages need from a tokenizer (always one of Microsoft.ML.Tokenizers underneath).</summary>
public interface IModelTokenizer
{
    int BosId { get; }
    int EosId { get; }
    int PadId { get; }
    int VocabSize { get; }

    /// <summary>Token ids of plain text, without special tokens, with character offsets into <paramref name="text"/>.</summary>
    IReadOnlyList<TokenOffset> EncodeWithOffsets(string text);

    /// <summary>Token ids of plain text, without special tokens.</summary>
    IReadOnlyList<int> Encode(string text);

    string Decode(IEnumerable<int> ids);

    /// <summary>Writes what <see cref="ModelTokenizers.Load"/> needs into the folder.</summary>
    void Save(string folder);
}
