using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>
/// The smoke profile as Slurm jobs on a real one-node cluster (build/slurm-local.sh): a failed job leaves its dependants
/// unrun and out of the lock, and a rerun completes with the dvc.lock (every stage output hash) and report tables of
/// the shared first run (one local job). Two local jobs at once are compared with it in <see cref="SmokePipelineTests"/>.
/// </summary>
[Collection(SmokeCollection.Name)]
public sealed class ExecutorSmokeTests(SmokeRun first)
{
    private static readonly string[] All = ["repro", "--all", "--profile", "smoke"];

    [SkippableFact]
    public void Should_run_as_slurm_jobs_stop_the_dependants_of_a_failed_job_and_complete_on_a_rerun()
    {
        Skip.IfNot(File.Exists(RepositoryRoot.CliDll), $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Test (it builds the CLI first).");
        using var cluster = LocalSlurm.Start();
        using var ws = new SmokeWorkspace();
        var result = Path.Combine(ws.Root, "outcomes.json");
        const string template = "    template: '{text} この文章のカテゴリーは<extra_id_0>です。'\n";
        ws.ReplaceInParams(template, "    template: '{text} has no mask'\n");   // every verbalizer job fails

        var failing = Mre.Run(ws.Root, [.. All, "--executor", "slurm", "--wait", "--result", result]);

        Assert.True(failing.Code == 1, failing.Output);
        var outcomes = Mre.Outcomes(result);
        var verbalizers = outcomes.Keys.Where(k => k.StartsWith("verbalizer@", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, verbalizers.Count);
        Assert.All(verbalizers, v => Assert.Equal(OutcomeKind.Failed, outcomes[v].Kind));
        Assert.Contains("needs both {text} and <extra_id_0>", outcomes[verbalizers[0]].Detail);   // the why, from the job's log
        Assert.Equal(OutcomeKind.NotRun, outcomes["report"].Kind);
        Assert.Contains("afterok", outcomes["report"].Detail);
        Assert.All(outcomes.Where(o => !verbalizers.Contains(o.Key) && o.Key != "report"), o => Assert.Equal(OutcomeKind.Ran, o.Value.Kind));
        var locked = LockFile.Load(Path.Combine(ws.Root, SmokeLock.LockPath)).StageNames.ToHashSet();
        Assert.DoesNotContain("report", locked);
        Assert.All(verbalizers, v => Assert.DoesNotContain(v, locked));
        Assert.Equal(outcomes.Count - verbalizers.Count - 1, locked.Count);

        ws.ReplaceInParams("    template: '{text} has no mask'\n", template);
        var rerun = Mre.Run(ws.Root, [.. All, "--executor", "slurm", "--wait", "--result", result]);

        Assert.True(rerun.Code == 0, rerun.Output);
        var resumed = Mre.Outcomes(result);
        Assert.Equal(verbalizers.Append("report").Order(StringComparer.Ordinal), resumed.Where(o => o.Value.Kind == OutcomeKind.Ran).Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.All(resumed.Where(o => o.Value.Kind != OutcomeKind.Ran), o => Assert.Equal(OutcomeKind.Skipped, o.Value.Kind));
        SmokeLock.AssertSameLockAndTables(first, ws.Root);
    }

    /// <summary>build/slurm-local.sh start (skipping where it cannot run); stops the cluster again if this test started it.</summary>
    private sealed class LocalSlurm : IDisposable
    {
        private readonly bool _started;

        private LocalSlurm(bool started) => _started = started;

        public static LocalSlurm Start()
        {
            var wasUp = Script("status").Code == 0;
            var (code, output) = Script("start");
            Skip.If(code == 3, $"no local Slurm cluster: {output.Trim()}");
            Assert.True(code == 0, $"build/slurm-local.sh start failed:\n{output}");
            return new LocalSlurm(!wasUp);
        }

        public void Dispose()
        {
            if (_started)
            {
                Script("stop");
            }
        }

        private static (int Code, string Output) Script(string verb)
        {
            var run = TestProcess.Run(Path.Combine(RepositoryRoot.Path, "build", "slurm-local.sh"), [verb]);
            return (run.Code, run.Output);
        }
    }
}
