// Test: installs what the browser test needs (when root), runs every test project, prints one closing line.
using System.Xml.Linq;

/// <summary>Builds and runs the whole test suite.</summary>
public sealed class TestTask : PipelineTask
{
    public override string Name => "Test";
    public override string Description => "Build and run every test project (./build.sh --target=Test [--filter=<expr>]).";
    // The end-to-end tests run stages through build/mre, i.e. the Release CLI.
    public override IEnumerable<string> DependsOn => new[] { "Build" };

    public override void Run(PipelineContext context)
    {
        var cake = context.Cake;
        var root = context.Options.RepositoryRoot;
        cake.StartProcess(System.IO.Path.Combine(root, "build", "install-test-deps.sh"));
        var results = System.IO.Path.Combine(root, "artifacts", "test-results");
        if (System.IO.Directory.Exists(results))
        {
            System.IO.Directory.Delete(results, recursive: true);
        }
        var settings = new DotNetTestSettings
        {
            Configuration = context.Options.Configuration,
            NoLogo = true,
            ResultsDirectory = results,
            Loggers = new[] { "trx", "console;verbosity=normal" },
            Filter = context.Options.TestFilter.Length > 0 ? context.Options.TestFilter : null,
            EnvironmentVariables = new Dictionary<string, string>
            {
                // In CI a missing snapshot is a failure, not a silently created file.
                ["SNAPSHOOTER_STRICT_MODE"] = cake.EnvironmentVariable("CI") == "true" ? "on" : "off",
            },
        };
        Exception? failure = null;
        try
        {
            cake.DotNetTest(System.IO.Path.Combine(root, "MreRepro.sln"), settings);
        }
        catch (Exception e)
        {
            failure = e;
        }
        PrintTotals(cake, results);
        if (failure is not null)
        {
            throw failure;
        }
    }

    // One line for people and CI alike, summed over the TRX files of all test projects.
    private static void PrintTotals(ICakeContext cake, string results)
    {
        if (!System.IO.Directory.Exists(results))
        {
            return;
        }
        int passed = 0, failed = 0, skipped = 0;
        foreach (var trx in System.IO.Directory.EnumerateFiles(results, "*.trx", SearchOption.AllDirectories))
        {
            var counters = XDocument.Load(trx).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null) continue;
            passed += (int?)counters.Attribute("passed") ?? 0;
            failed += (int?)counters.Attribute("failed") ?? 0;
            // Skipped tests are the ones counted in total but not executed.
            skipped += ((int?)counters.Attribute("total") ?? 0) - ((int?)counters.Attribute("executed") ?? 0);
        }
        // Plain text, alone on its line, so CI and people read the same closing line.
        Console.WriteLine();
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
    }
}
