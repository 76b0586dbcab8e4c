namespace MreRepro.Models.Tokenization;

/// <summary>Loads whichever tokenizer a model folder holds.</summary>
public static class ModelTokenizers
{
    public static IModelTokenizer Load(string folder)
    {
        var trimmed = Path.Combine(folder, TrimmedTokenizer.FileName);
        if (File.Exists(trimmed))
        {
            return TrimmedTokenizer.Load(trimmed);
        }
        var sentencePiece = Path.Combine(folder, LlamaSentencePieceTokenizer.FileName);
        if (File.Exists(sentencePiece))
        {
            return LlamaSentencePieceTokenizer.Load(sentencePiece);
        }
        throw new CheckpointException($"{folder}: no tokenizer ({TrimmedTokenizer.FileName} or {LlamaSentencePieceTokenizer.FileName}).");
    }
}
