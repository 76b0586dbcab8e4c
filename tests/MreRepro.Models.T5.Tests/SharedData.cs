namespace MreRepro.Models.T5.Tests;

/// <summary>The shared t5-base-japanese tokenizer model, or a skip naming where it was looked for.</summary>
internal static class SharedData
{
    public static string SpieceModel()
    {
        var path = Repository.SharedFile("data", "tokenizers", "t5-base-japanese", "spiece.model");
        Skip.If(path is null, "t5-base-japanese spiece.model not found: set MRE_SHARED or place shared/ beside the repository");
        return path!;
    }
}
