using MreRepro.Pipeline;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Stages.Tests.Faults;

/// <summary>
/// `mre repro` under faults: SIGINT/SIGTERM, `kill -9` of the engine, edited data, a damaged dvc.lock. Stage commands
/// are the fake of <see cref="FaultWorkspace"/>, so each test takes seconds.
/// </summary>
public sealed class EngineFaultTests
{
    private static readonly string[] Split = ["repro", "split@SCNM", "--profile", "smoke"];

    private static FaultWorkspace RanOnce()
    {
        var ws = new FaultWorkspace();
        var (code, output) = ws.StartMre(null, Split).Wait();
        Assert.True(code == 0, output);
        Assert.Equal("first\n", File.ReadAllText(ws.Output()));
        return ws;
    }

    private static Dictionary<string, string> Sleeping(string content = "second") =>
        new() { ["MRE_FAKE_SLEEP"] = "60", ["MRE_FAKE_CONTENT"] = content };

    [SkippableTheory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void Should_stop_the_stage_put_previous_outputs_back_and_release_the_lock_on_a_signal(string signal, int exitCode)
    {
        Skip.IfNot(File.Exists(RepositoryRoot.CliDll), $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Build first.");
        var ignored = FaultWorkspace.SignalIgnoredHere(signal);
        Skip.If(ignored is not null, ignored);
        using var ws = RanOnce();
        var lockBefore = File.ReadAllText(ws.LockFile());
        var repro = ws.StartMre(Sleeping(), [.. Split, "--force"]);
        var stagePids = ws.WaitForSleepingStage(repro);

        FaultWorkspace.Signal(repro.Process.Id, signal);
        var (code, output) = repro.Wait(60);

        Assert.Equal(exitCode, code);
        Assert.Contains($"interrupted by SIG{signal}", output);
        Assert.Contains("Resume with `build/mre repro split@SCNM --profile smoke`", output);
        Assert.All(stagePids, pid => Assert.False(FaultWorkspace.IsRunning(pid), $"stage process {pid} outlived the engine"));
        Assert.Equal("first\n", File.ReadAllText(ws.Output()));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(ws.Output())!, "partial.txt")));
        Assert.Equal(lockBefore, File.ReadAllText(ws.LockFile()));
        using var next = WorkspaceLock.Acquire(ws.Root);
    }

    [SkippableFact]
    public void Should_keep_the_lock_while_a_stage_command_outlives_an_engine_killed_with_sigkill()
    {
        Skip.IfNot(File.Exists(RepositoryRoot.CliDll), $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Build first.");
        using var ws = RanOnce();
        var repro = ws.StartMre(Sleeping(), [.. Split, "--force"]);
        var stagePids = ws.WaitForSleepingStage(repro);

        FaultWorkspace.Signal(repro.Process.Id, "KILL");
        repro.Wait(60);

        // The orphaned command still writes into the outputs: a second run must wait for it.
        var error = Assert.Throws<PipelineException>(() => WorkspaceLock.Acquire(ws.Root));
        Assert.Contains("processes it started still run and hold it", error.Message);
        Assert.Contains($"{stagePids[0]} (", error.Message);
        foreach (var pid in stagePids)
        {
            FaultWorkspace.Signal(pid, "KILL");
        }
        using (WorkspaceLock.Acquire(ws.Root, TimeSpan.FromSeconds(10)))
        {
        }
        // The next run puts the previous outputs back from where the killed engine had set them aside.
        var (code, output) = ws.StartMre(null, Split).Wait();
        Assert.True(code == 0, output);
        Assert.Contains("split@SCNM: skipped", output);
        Assert.Equal("first\n", File.ReadAllText(ws.Output()));
    }

    [SkippableFact]
    public void Should_refuse_to_run_a_stage_on_a_data_file_that_differs_from_data_dvc_naming_it()
    {
        Skip.IfNot(File.Exists(RepositoryRoot.CliDll), $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Build first.");
        using var ws = RanOnce();
        File.AppendAllText(Path.Combine(ws.Root, "data", "generated", "SCNM.jsonl"), "\n");

        var (code, output) = ws.StartMre(null, [.. Split, "--force"]).Wait();

        Assert.Equal(1, code);
        Assert.Contains("data/generated/SCNM.jsonl modified", output);
        Assert.DoesNotContain("   at ", output);
        Assert.Equal("first\n", File.ReadAllText(ws.Output()));
    }

    [SkippableFact]
    public void Should_name_the_file_and_line_of_an_unclosed_bracket_in_the_lock_without_a_stack_trace()
    {
        Skip.IfNot(File.Exists(RepositoryRoot.CliDll), $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Build first.");
        using var ws = RanOnce();
        var text = File.ReadAllText(ws.LockFile());
        File.WriteAllText(ws.LockFile(), text.Replace("    cmd: build/mre", "    cmd: [build/mre"));

        var (code, output) = ws.StartMre(null, "status", "--profile", "smoke").Wait();

        Assert.Equal(1, code);
        Assert.Contains("stages/smoke/dvc.lock:4:10: '[' is never closed", output);
        Assert.DoesNotContain("   at ", output);
    }

    [SkippableFact]
    public void Should_name_every_missing_data_file_and_checkpoint_folder_in_the_dry_run_and_exit_1()
    {
        Skip.IfNot(File.Exists(RepositoryRoot.CliDll), $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Build first.");
        using var ws = new FaultWorkspace();

        // The paper profile reads real/ and models/, which a fresh clone does not have. With LoRA, evaluate and saliency
        // merge the adapters into the base checkpoint, so they need it too (24 finetune + 24 evaluate + 12 saliency).
        var (code, printed) = ws.StartMre(null, "status", "--profile", "paper").Wait();
        var output = System.Text.RegularExpressions.Regex.Replace(printed, @"\s+", " ");   // the console wraps long lines

        Assert.Equal(1, code);
        Assert.Contains("missing input: real/SCNM.jsonl (needed by split@SCNM, report)", output);
        Assert.Contains("missing input: models/Llama-2-7b-chat-hf (needed by finetune@SCNM-wl-42, finetune@SCNM-tli-42, finetune@SCNM-tl-42 and 57 more)", output);
        Assert.Contains("missing input: models/t5-base-japanese (needed by verbalizer@SCNM-manual", output);
        Assert.DoesNotContain("   at ", output);
    }

    [SkippableFact]
    public void Should_say_disk_full_in_one_line_and_leave_nothing_half_written()
    {
        Skip.IfNot(File.Exists(RepositoryRoot.CliDll), $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Build first.");
        var disk = Directory.CreateTempSubdirectory("mre-full-disk-").FullName;
        try
        {
            Skip.IfNot(Run("mount", "-t", "tmpfs", "-o", "size=262144", "tmpfs", disk).Code == 0, "needs root and tmpfs to make a small disk");
            try
            {
                // The generated corpus (the files params.yaml declares) is a few MiB: it cannot fit in 256 KiB.
                File.Copy(Path.Combine(RepositoryRoot.Path, "params.yaml"), Path.Combine(disk, "params.yaml"));
                var (code, output) = Run(Path.Combine(RepositoryRoot.Path, "build", "mre"), "data", "generate", "--root", disk);

                Assert.Equal(1, code);
                Assert.StartsWith("error: disk full: No space left on device", output);
                Assert.DoesNotContain("   at ", output);
                Assert.Empty(Directory.EnumerateFileSystemEntries(disk, "data*"));
            }
            finally
            {
                Run("umount", disk);
            }
        }
        finally
        {
            Directory.Delete(disk, recursive: true);
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
