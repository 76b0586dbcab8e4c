using System.Text.RegularExpressions;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Stages.Tests.Faults;

/// <summary>
/// ./build.sh (the Cake script) under faults: signals, an engine killed mid-stage, an up-to-date single target, bad
/// options, and the build fingerprint. Runs `dotnet cake build.cake --no-build` in a <see cref="FaultWorkspace"/>.
/// </summary>
public sealed class CakeFaultTests
{
    private static readonly string[] Split = ["--target=split@SCNM", "--profile=smoke"];

    private static FaultWorkspace RanOnce()
    {
        var ws = new FaultWorkspace();
        var (code, output) = ws.StartCake(null, Split).Wait();
        Assert.True(code == 0, output);
        Assert.Equal("first\n", File.ReadAllText(ws.Output()));
        return ws;
    }

    private static void SkipWithoutCli() =>
        Skip.IfNot(File.Exists(RepositoryRoot.CliDll), $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Build first.");

    [SkippableTheory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public void Should_stop_the_running_stage_keep_previous_outputs_and_release_the_lock_on_a_signal(string signal, int exitCode)
    {
        SkipWithoutCli();
        var ignored = FaultWorkspace.SignalIgnoredHere(signal);
        Skip.If(ignored is not null, ignored);
        using var ws = RanOnce();
        var lockBefore = File.ReadAllText(ws.LockFile());
        var cake = ws.StartCake(new Dictionary<string, string> { ["MRE_FAKE_SLEEP"] = "60", ["MRE_FAKE_CONTENT"] = "second" }, [.. Split, "--force"]);
        var stagePids = ws.WaitForSleepingStage(cake);

        FaultWorkspace.Signal(cake.Process.Id, signal);
        var (code, output) = cake.Wait(60);

        Assert.Equal(exitCode, code);
        Assert.Contains($"Interrupted by SIG{signal} during split@SCNM", output);
        Assert.Contains("Resume with `./build.sh", output);
        Assert.Matches(@"split@SCNM\s+interrupted", output);
        Assert.All(stagePids, pid => Assert.False(FaultWorkspace.IsRunning(pid), $"stage process {pid} outlived the run"));
        Assert.Equal("first\n", File.ReadAllText(ws.Output()));
        Assert.Equal(lockBefore, File.ReadAllText(ws.LockFile()));
        // No process of the run (Cake, `mre repro`, the stage) still holds the lock.
        using var next = WorkspaceLock.Acquire(ws.Root);
    }

    [SkippableFact]
    public void Should_report_only_this_runs_outcome_after_the_engine_is_killed()
    {
        SkipWithoutCli();
        using var ws = RanOnce();

        var (code, output) = ws.StartCake(new Dictionary<string, string> { ["MRE_FAKE_KILL_ENGINE"] = "1" }, [.. Split, "--force"]).Wait();

        Assert.NotEqual(0, code);
        Assert.Matches(@"split@SCNM\s+failed", output);
        Assert.Contains("0 ran,", output);
        Assert.Contains("1 failed", output);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_succeed_on_an_up_to_date_single_instance_target(bool exclusive)
    {
        SkipWithoutCli();
        using var ws = RanOnce();

        var (code, output) = ws.StartCake(null, exclusive ? [.. Split, "--exclusive"] : Split).Wait();

        Assert.True(code == 0, output);
        Assert.Matches(@"split@SCNM\s+skipped \(unchanged\)", output);
        Assert.DoesNotContain("Could not reach target", output);
    }

    [SkippableFact]
    public void Should_refuse_an_option_given_without_its_value()
    {
        SkipWithoutCli();
        using var ws = new FaultWorkspace();

        var (code, output) = ws.StartCake(null, "--target=Help", "--profile").Wait();

        Assert.NotEqual(0, code);
        Assert.Contains("--profile needs a value, e.g. --profile=smoke", output);
    }

    [SkippableFact]
    public void Should_list_the_targets_when_the_target_does_not_exist()
    {
        SkipWithoutCli();
        using var ws = new FaultWorkspace();

        var (code, output) = ws.StartCake(null, "--target=NoSuchTask", "--profile=smoke").Wait();

        Assert.NotEqual(0, code);
        Assert.Contains("No target 'NoSuchTask'. Targets: Help, Build, Test", output);
        Assert.Contains("finetune", output);
        Assert.Contains("stage instances such as split@SCNM", output);
    }

    [Fact]
    public void Should_fingerprint_the_props_files_that_exist_at_the_repository_root()
    {
        // Editing Directory.Build.props must rebuild: every root-level input BuildTask fingerprints must be a real file,
        // and every Directory.*.props at the root must be among them.
        var script = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "build", "tasks", "BuildTask.cake"));
        var declaration = Regex.Match(script, @"RootInputs\s*=\s*\{([^}]*)\}").Groups[1].Value;
        var inputs = Regex.Matches(declaration, "\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();

        Assert.All(inputs, input => Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, input)), $"BuildTask fingerprints {input}, which does not exist"));
        var props = Directory.EnumerateFiles(RepositoryRoot.Path, "Directory.*.props").Select(Path.GetFileName);
        Assert.Superset(props.ToHashSet()!, inputs.ToHashSet());
    }
}
