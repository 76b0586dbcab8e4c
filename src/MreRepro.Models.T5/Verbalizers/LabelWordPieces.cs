using MreRepro.Models.T5.Tokenization;

namespace MreRepro.Models.T5.Verbalizers;

/// <summary>
/// The pieces of a label word as a verbalizer scores them. SentencePiece starts a word with its boundary marker, and
/// in Japanese that marker is often a piece of its own (t5-base-japanese: '▁', '社会'): with multi_token: first every
/// SCNM class would score the same '▁' and predict one class for everything. So a leading piece that is only the
/// marker is dropped when pieces follow it. OpenPrompt's verbalizers keep every piece the tokenizer gives (they
/// encode the word without special tokens and nothing more); this is a deliberate deviation (README, Verbalizer).
/// </summary>
public static class LabelWordPieces
{
    /// <summary>A word's ids without a leading bare boundary piece (kept when it is the only piece).</summary>
    public static Func<string, int[]> For(IT5Tokenizer tokenizer) => word =>
    {
        var ids = tokenizer.Encode(word);
        return ids.Length > 1 && string.IsNullOrWhiteSpace(tokenizer.Decode([ids[0]])) ? ids[1..] : ids;
    };
}
