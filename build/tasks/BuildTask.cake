// Build: compiles the CLI in Release, skipped when no source file changed since the last build.
using System.Security.Cryptography;

/// <summary>Builds src/ (the `mre` CLI and its libraries).</summary>
public sealed class BuildTask : PipelineTask
{
    public override string Name => "Build";
    public override string Description => "Restore and build the mre CLI (Release); a no-op when sources are unchanged.";
    public override void Run(PipelineContext context) => EnsureBuilt(context.Cake, context.Options);

    /// <summary>Builds unless the fingerprint of every build input matches the last successful build.</summary>
    public static void EnsureBuilt(ICakeContext cake, BuildOptions options)
    {
        var root = options.RepositoryRoot;
        var stamp = System.IO.Path.Combine(root, "artifacts", $"build-{options.Configuration}.stamp");
        var fingerprint = Fingerprint(root);
        var dll = System.IO.Path.Combine(root, "artifacts", "bin", "MreRepro.Cli", options.Configuration.ToLowerInvariant(), "mre.dll");
        if (System.IO.File.Exists(stamp) && System.IO.File.Exists(dll) && System.IO.File.ReadAllText(stamp) == fingerprint)
        {
            cake.Verbose("Build inputs unchanged; skipping dotnet build.");
            return;
        }
        cake.DotNetBuild(System.IO.Path.Combine(root, "src", "MreRepro.Cli", "MreRepro.Cli.csproj"), new DotNetBuildSettings
        {
            Configuration = options.Configuration,
            NoLogo = true,
            Verbosity = DotNetVerbosity.Minimal,
        });
        System.IO.File.WriteAllText(stamp, fingerprint);
    }

    // Path, size and modification time of every build input: cheap, and any edit changes it.
    private static string Fingerprint(string root)
    {
        var inputs = System.IO.Directory.EnumerateFiles(System.IO.Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".csproj") || f.EndsWith(".json") || f.EndsWith(".txt"))
            .Concat(new[] { "System.IO.Directory.Build.props", "System.IO.Directory.Packages.props", "global.json" }.Select(f => System.IO.Path.Combine(root, f)))
            .Where(System.IO.File.Exists)
            .OrderBy(f => f, StringComparer.Ordinal);
        var text = new System.Text.StringBuilder();
        foreach (var f in inputs)
        {
            var info = new FileInfo(f);
            text.Append(f).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }
}
