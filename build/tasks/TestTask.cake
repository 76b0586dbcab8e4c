// Test: installs what the tests need (when root), runs every test project, keeps snapshot mismatches as artifacts,
// prints one closing line that names the skipped tests and the test projects that did not build.
using System.Text.RegularExpressions;
using System.Xml.Linq;

/// <summary>Builds and runs the whole test suite.</summary>
public sealed class TestTask : PipelineTask
{
    public override string Name => "Test";
    public override string Description => "Build and run every test project (./build.sh --target=Test [--filter=<expr>] [--update-snapshots]).";
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
        var tests = System.IO.Path.Combine(root, "tests");
        foreach (var stale in MismatchFolders(tests))
        {
            System.IO.Directory.Delete(stale, recursive: true);
        }
        // MSBuild's errors, one per line ending in [<project>.csproj]: a project that did not build has no results to count.
        var buildErrors = System.IO.Path.Combine(results, "build-errors.log");
        System.IO.Directory.CreateDirectory(results);
        var update = context.Options.UpdateSnapshots;
        var settings = new DotNetTestSettings
        {
            Configuration = context.Options.Configuration,
            NoLogo = true,
            ResultsDirectory = results,
            Loggers = new[] { "trx", "console;verbosity=normal" },
            ArgumentCustomization = args => args.Append($"-flp:ErrorsOnly;LogFile={buildErrors}"),
            Filter = context.Options.TestFilter.Length > 0 ? context.Options.TestFilter : null,
            EnvironmentVariables = new Dictionary<string, string>
            {
                // A missing or different snapshot fails everywhere; only --update-snapshots rewrites them.
                ["SNAPSHOOTER_STRICT_MODE"] = update ? "off" : "on",
                ["MRE_UPDATE_SNAPSHOTS"] = update ? "true" : "false",
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
        KeepMismatches(tests, System.IO.Path.Combine(results, "snapshot-mismatches"));
        PrintTotals(cake, results, buildErrors);
        if (failure is not null)
        {
            throw failure;
        }
    }

    private static IEnumerable<string> MismatchFolders(string tests) => System.IO.Directory.Exists(tests)
        ? System.IO.Directory.GetDirectories(tests, "__mismatch__", SearchOption.AllDirectories)
        : Array.Empty<string>();

    // Snapshooter writes the actual output of a failed match beside the snapshot (__snapshots__/__mismatch__);
    // a copy under the test results survives a clean checkout, so CI can publish it.
    private static void KeepMismatches(string tests, string into)
    {
        foreach (var folder in MismatchFolders(tests))
        {
            foreach (var file in System.IO.Directory.GetFiles(folder))
            {
                var copy = System.IO.Path.Combine(into, System.IO.Path.GetRelativePath(tests, file));
                System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
                System.IO.File.Copy(file, copy, overwrite: true);
                Console.WriteLine($"snapshot mismatch kept: {copy}");
            }
        }
    }

    // One line for people and CI alike, summed over the TRX files of all test projects, then the skipped tests by name.
    private static void PrintTotals(ICakeContext cake, string results, string buildErrors)
    {
        if (!System.IO.Directory.Exists(results))
        {
            return;
        }
        var unbuilt = UnbuiltProjects(buildErrors);
        int passed = 0, failed = 0;
        var skipped = new List<string>();
        foreach (var trx in System.IO.Directory.EnumerateFiles(results, "*.trx", SearchOption.AllDirectories))
        {
            var document = XDocument.Load(trx);
            var counters = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null) continue;
            passed += (int?)counters.Attribute("passed") ?? 0;
            failed += (int?)counters.Attribute("failed") ?? 0;
            // Skipped tests are the results xunit reports as not executed; the reason is their message.
            foreach (var result in document.Descendants().Where(e => e.Name.LocalName == "UnitTestResult" && (string?)e.Attribute("outcome") == "NotExecuted"))
            {
                var reason = result.Descendants().FirstOrDefault(e => e.Name.LocalName is "Message" or "StdOut")?.Value.Trim();
                skipped.Add($"{(string?)result.Attribute("testName")}{(string.IsNullOrEmpty(reason) ? "" : ": " + reason)}");
            }
        }
        // Plain text, alone on its line, so CI and people read the same closing line.
        Console.WriteLine();
        skipped.Sort(StringComparer.Ordinal);
        foreach (var line in skipped)
        {
            Console.WriteLine($"skipped: {line}");
        }
        var names = skipped.Select(s => s.Split(": ")[0]).ToList();
        var notBuilt = unbuilt.Count == 0 ? ""
            : $"; {unbuilt.Count} project{(unbuilt.Count == 1 ? "" : "s")} failed to build (the tests that need {(unbuilt.Count == 1 ? "it" : "them")} did not run): {string.Join(", ", unbuilt)}, errors in {buildErrors}";
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped.Count} skipped{(names.Count == 0 ? "" : $" ({string.Join(", ", names)})")}{notBuilt}");
    }

    // The projects named at the end of MSBuild's error lines ("... error CS0103: ... [/repo/tests/X/X.csproj]").
    private static List<string> UnbuiltProjects(string buildErrors)
    {
        if (!System.IO.File.Exists(buildErrors))
        {
            return new List<string>();
        }
        return System.IO.File.ReadLines(buildErrors)
            .Select(line => Regex.Match(line, @"\[(?<project>[^\[\]]+?\.csproj)(::[^\]]*)?\]\s*$"))
            .Where(m => m.Success)
            .Select(m => System.IO.Path.GetFileNameWithoutExtension(m.Groups["project"].Value))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
    }
}
