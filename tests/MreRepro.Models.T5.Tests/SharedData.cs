namespace MreRepro.Models.T5.Tests;

/// <summary>Finds /work/shared-style data through MRE_SHARED or ../shared beside the repository root.</summary>
internal static class SharedData
{
    public static string? Find(params string[] relative)
    {
        var root = Environment.GetEnvironmentVariable("MRE_SHARED");
        if (string.IsNullOrEmpty(root))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MreRepro.sln")))
            {
                dir = dir.Parent;
            }
            root = dir?.Parent is null ? null : Path.Combine(dir.Parent.FullName, "shared");
        }
        if (root is null)
        {
            return null;
        }
        var path = Path.Combine([root, .. relative]);
        return File.Exists(path) ? path : null;
    }

    public static string SpieceModel()
    {
        var path = Find("data", "tokenizers", "t5-base-japanese", "spiece.model");
        Skip.If(path is null, "t5-base-japanese spiece.model not found: set MRE_SHARED or place shared/ beside the repository");
        return path!;
    }
}
