namespace MreRepro.Domain.Tests.Formats;

/// <summary>Finds /work/shared-style data through MRE_SHARED or a "shared" folder beside the repository root.</summary>
internal static class SharedData
{
    public static string? Folder()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MRE_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "MreRepro.sln")))
            {
                var beside = Path.Combine(directory.FullName, "..", "shared");
                return Directory.Exists(beside) ? Path.GetFullPath(beside) : null;
            }
        }

        return null;
    }

    public static string? File(params string[] parts)
    {
        var folder = Folder();
        if (folder is null)
        {
            return null;
        }

        var path = Path.Combine([folder, .. parts]);
        return System.IO.File.Exists(path) ? path : null;
    }
}
