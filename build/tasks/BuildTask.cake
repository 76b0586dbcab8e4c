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
        if (options.NoBuild)
        {
            if (!System.IO.File.Exists(dll))
            {
                throw new CakeException($"--no-build: {dll} does not exist; build it first with ./build.sh --target=Build.");
            }
            return;
        }
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

    /// <summary>The build inputs at the repository root (MSBuild imports the props files into every project).</summary>
    public static readonly string[] RootInputs = { "Directory.Build.props", "Directory.Packages.props", "global.json" };

    // Path (relative to the checkout), size and modification time of every build input: cheap, and any edit changes it.
    private static string Fingerprint(string root)
    {
        var inputs = System.IO.Directory.EnumerateFiles(System.IO.Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".csproj") || f.EndsWith(".json") || f.EndsWith(".txt"))
            .Concat(RootInputs.Select(f => System.IO.Path.Combine(root, f)))
            .Where(System.IO.File.Exists)
            .OrderBy(f => f, StringComparer.Ordinal);
        var text = new System.Text.StringBuilder();
        foreach (var f in inputs)
        {
            var info = new FileInfo(f);
            text.Append(System.IO.Path.GetRelativePath(root, f)).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }
}
