using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MreRepro.Pipeline.Cache;
using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Hashing;

namespace MreRepro.Pipeline.Repro;

/// <summary>
/// Runs one stage instance as DVC's `repro` does, with an all-or-nothing guarantee: previous outputs are moved
/// aside first and put back if the command fails or is killed (also by the next run, if the engine itself died),
/// and the dvc.lock entry is written only after every output exists, is hashed and is in the cache.
/// Callers hold a <see cref="WorkspaceLock"/> around Run.
/// </summary>
public sealed class StageRunner(Workspace workspace)
{
    private readonly ChangeDetector _detector = new(workspace);
    private readonly RunCache _runs = new(workspace.Root, workspace.Cache);

    /// <summary>
    /// Exported to every stage command: the md5 of the instance's command, dependency hashes and parameter values.
    /// A stage keys state that must not outlive a change of its inputs (resumable training checkpoints) on it.
    /// </summary>
    public const string InputsVariable = "MRE_STAGE_INPUTS_MD5";

    /// <summary>
    /// Set for a job that runs beside others (another thread, process or node): its dvc.lock entry goes to its own
    /// lock fragment, which the coordinator (or the next run) merges into dvc.lock.
    /// </summary>
    public LockFragments? Fragments { get; init; }

    /// <summary>Set for concurrent jobs: the command's output goes to this file (per instance) instead of the console.</summary>
    public Func<StageInstance, string>? LogFile { get; init; }

    /// <summary>
    /// Commands this host takes run inside this process (one at a time: the environment they read is the process's);
    /// the rest, and every command whose output goes to a log file, run in a process.
    /// </summary>
    public IInProcessCommands? InProcess { get; init; }

    /// <summary>
    /// Variables the command's process gets unless the caller's environment already sets them (a user's value wins).
    /// </summary>
    public IReadOnlyDictionary<string, string> DefaultEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the instance would run, and why; changes nothing on disk (a run that is in progress elsewhere, or
    /// died, shows as "interrupted" until the next Run puts its outputs back).
    /// </summary>
    /// <param name="lockFile">The lock to compare with; by default the workspace's <see cref="Workspace.ReadLock"/>.</param>
    public StageStatus Status(StageInstance stage, LockFile? lockFile = null)
    {
        if (Directory.Exists(BackupDir(stage)))
        {
            return new StageStatus(stage.Name, true,
                [$"interrupted run: previous outputs are set aside in {Path.GetRelativePath(workspace.Root, BackupDir(stage))}"], false);
        }
        lockFile ??= workspace.ReadLock();
        var status = _detector.Check(stage, Entry(stage, lockFile));
        if (status.Changed && !status.Restorable && FromRunCache(stage) is not null)
        {
            return status with { Reasons = [.. status.Reasons, "its inputs match a previous run: outputs come from the run cache"] };
        }
        return status;
    }

    // The lock entry of an instance. The last entry of the file must have the `outs:` section (written last) when the
    // stage declares cached outputs: without it the file was cut short inside that entry, at a line boundary.
    private static LockEntry? Entry(StageInstance stage, LockFile lockFile)
    {
        var entry = lockFile.Get(stage.Name);
        if (entry is not null && lockFile.LastStage == stage.Name && entry.Outs.Count == 0 && stage.Outs.Any(o => o.Cache))
        {
            throw new PipelineException(
                $"{lockFile.FilePath}: the last entry, {stage.Name}, has no outs although the stage declares them, so the file was cut short; restore it with `git checkout {Path.GetFileName(lockFile.FilePath)}` (or delete that entry to rerun the stage).");
        }
        return entry;
    }

    /// <summary>
    /// Runs the instance when it changed (or always with force). Cancelling kills the command's process tree and
    /// puts the previous outputs back, as for a failure. Cache objects are checked as they are used: a corrupt one
    /// met while restoring is moved aside and the stage reruns; one met while storing is replaced.
    /// </summary>
    public StageOutcome Run(StageInstance stage, bool force = false, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var damageBefore = workspace.Cache.Damage.Count;
        RecoverBackup(stage);
        var status = _detector.Check(stage, Entry(stage, workspace.ReadLock()));
        if (!force && !status.Changed)
        {
            return Done(stage, OutcomeKind.Skipped, clock, ["unchanged"]);
        }
        if (!force && status.Restorable)
        {
            try
            {
                Restore(stage);
                return Done(stage, OutcomeKind.Restored, clock,
                    ["restored from cache: " + string.Join("; ", status.Reasons), .. CacheNotes(damageBefore)]);
            }
            catch (CorruptCacheObjectException)
            {
                // Reported below with the run's reasons; the stage recomputes what the cache could not give back.
            }
        }
        var depHashes = stage.Deps.Select(d => (Path: d, Hash: workspace.Hash(d))).ToList();
        var missing = depHashes.Where(d => d.Hash is null).Select(d => d.Path).ToList();
        if (missing.Count > 0)
        {
            return Done(stage, OutcomeKind.Failed, clock, missing.Select(d => $"dependency {d} does not exist").ToList());
        }
        YamlMap parameters;
        try
        {
            parameters = _detector.CurrentParams(stage);
        }
        catch (PipelineException error)
        {
            return Done(stage, OutcomeKind.Failed, clock, [error.Message]);
        }
        if (cancel.IsCancellationRequested)
        {
            return Done(stage, OutcomeKind.Failed, clock, ["cancelled before the command started; outputs and dvc.lock left as they were"]);
        }
        var inputsMd5 = InputsMd5(stage.Cmd, depHashes, parameters);
        if (!force && RunCacheable(stage) && _runs.Find(inputsMd5, stage.Cmd, OutPaths(stage)) is { } previous)
        {
            try
            {
                foreach (var output in previous.Outs)
                {
                    workspace.Cache.Checkout(workspace.Full(output.Path), output.Hash);
                }
                Record(stage, parameters, previous.Outs);
                return Done(stage, OutcomeKind.Restored, clock,
                    ["restored from the run cache (inputs match a previous run): " + string.Join("; ", status.Reasons), .. CacheNotes(damageBefore)]);
            }
            catch (CorruptCacheObjectException)
            {
                // A damaged object of that run was moved aside: the stage recomputes it below.
            }
        }
        var backup = BackupDir(stage);
        MoveOutputsAside(stage, backup);
        int exitCode;
        try
        {
            exitCode = Execute(stage.Cmd, inputsMd5, LogFile?.Invoke(stage), cancel);
        }
        catch (Exception)
        {
            RestoreBackup(stage, backup);
            throw;
        }
        var absent = stage.Outs.Where(o => !File.Exists(workspace.Full(o.Path)) && !Directory.Exists(workspace.Full(o.Path))).ToList();
        if (exitCode != 0 || absent.Count > 0)
        {
            RestoreBackup(stage, backup);
            var why = cancel.IsCancellationRequested ? "cancelled: the command was stopped"
                : exitCode != 0 ? $"command exited with code {exitCode}"
                : "command did not create " + string.Join(", ", absent.Select(a => a.Path));
            return Done(stage, OutcomeKind.Failed, clock, [why + "; previous outputs and dvc.lock left as they were"]);
        }
        try
        {
            var outs = stage.Outs.Where(o => o.Cache)
                .Select(o => new LockedPath(o.Path, workspace.Cache.Save(workspace.Full(o.Path), workspace.State))).ToList();
            var entry = Record(stage, parameters, outs);
            if (RunCacheable(stage))
            {
                _runs.Record(inputsMd5, entry);
            }
        }
        catch (Exception error) when (error is IOException or PipelineException or UnauthorizedAccessException)
        {
            // Nothing is half-written (objects and dvc.lock go through temp files), but the new outputs are not
            // recorded: put the previous ones back so the workspace still matches dvc.lock.
            RestoreBackup(stage, backup);
            var what = DiskSpace.IsFull(error) ? $"disk full while storing the outputs ({error.Message})" : $"storing the outputs failed: {error.Message}";
            return Done(stage, OutcomeKind.Failed, clock,
                [$"{what}; previous outputs and dvc.lock left as they were. Free space (or fix the cause) and rerun; a training stage resumes from its last checkpoint"]);
        }
        DvcCache.Delete(backup);
        return Done(stage, OutcomeKind.Ran, clock, [.. status.Reasons.Count > 0 ? status.Reasons : ["forced"], .. CacheNotes(damageBefore)]);
    }

    /// <summary>Puts recorded outputs back: a workspace copy that still matches dvc.lock is only (re)cached, anything else comes from the cache.</summary>
    private void Restore(StageInstance stage)
    {
        var locked = workspace.ReadLock().Get(stage.Name)!;
        foreach (var output in locked.Outs)
        {
            if (workspace.Hash(output.Path)?.Md5 == output.Hash.Md5)
            {
                workspace.Cache.Save(workspace.Full(output.Path), workspace.State);
            }
            else
            {
                workspace.Cache.Checkout(workspace.Full(output.Path), output.Hash);
            }
        }
    }

    // Writes the dvc.lock entry for the instance's current deps and params and its outputs, which callers have
    // already hashed and stored in the cache (the entry comes only after every output is there).
    private LockEntry Record(StageInstance stage, YamlMap parameters, IReadOnlyList<LockedPath> outs)
    {
        var deps = stage.Deps.Select(d => new LockedPath(d, workspace.Hash(d)!)).ToList();
        var entry = new LockEntry(stage.Cmd, deps,
            parameters.Count == 0 ? new Dictionary<string, YamlMap>() : new Dictionary<string, YamlMap> { [workspace.ParamsFileName] = parameters },
            outs);
        if (Fragments is not null)
        {
            Fragments.Write(stage.Name, entry);
            return entry;
        }
        var lockFile = workspace.LoadLock();
        lockFile.Set(stage.Name, entry);
        lockFile.Save();
        return entry;
    }

    // The run cache entry for the instance's current inputs, when every dependency exists and the params parse.
    private LockEntry? FromRunCache(StageInstance stage)
    {
        var depHashes = stage.Deps.Select(d => (Path: d, Hash: workspace.Hash(d))).ToList();
        if (!RunCacheable(stage) || depHashes.Any(d => d.Hash is null))
        {
            return null;
        }
        try
        {
            return _runs.Find(InputsMd5(stage.Cmd, depHashes, _detector.CurrentParams(stage)), stage.Cmd, OutPaths(stage));
        }
        catch (PipelineException)
        {
            return null;
        }
    }

    // As DVC: only a stage with outputs, every one of them cached, can be restored from a previous run.
    private static bool RunCacheable(StageInstance stage) => stage.Outs.Count > 0 && stage.Outs.All(o => o.Cache);

    private static IEnumerable<string> OutPaths(StageInstance stage) => stage.Outs.Select(o => o.Path);

    private IEnumerable<string> CacheNotes(int damageBefore) =>
        workspace.Cache.Damage.Skip(damageBefore).Select(d => d.Describe(workspace.Root) + " (the stage's outputs were recomputed or stored again)");

    private StageOutcome Done(StageInstance stage, OutcomeKind kind, Stopwatch clock, IReadOnlyList<string> reasons)
    {
        workspace.State.Save();
        return new StageOutcome(stage.Name, kind, clock.Elapsed.TotalSeconds, reasons);
    }

    private static string InputsMd5(string cmd, IEnumerable<(string Path, HashInfo? Hash)> deps, YamlMap parameters)
    {
        var text = new StringBuilder(cmd).Append('\n');
        foreach (var (path, hash) in deps)
        {
            text.Append(path).Append(' ').Append(hash?.Md5).Append('\n');
        }
        text.Append(YamlWriter.Write(parameters));
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private int Execute(string cmd, string inputsMd5, string? logFile, CancellationToken cancel)
    {
        if (logFile is null && InProcess?.Parse(cmd, workspace.Root) is { } arguments)
        {
            return ExecuteInProcess(InProcess, arguments, inputsMd5, cancel);
        }
        if (logFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            cmd = $"exec >'{logFile.Replace("'", "'\\''")}' 2>&1\n{cmd}";
        }
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workspace.Root,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(cmd);
        foreach (var (name, value) in DefaultEnvironment)
        {
            start.Environment.TryAdd(name, value);
        }
        start.Environment[WorkspaceLock.HeldVariable] = "1";
        start.Environment[InputsVariable] = inputsMd5;
        using var process = Process.Start(start) ?? throw new PipelineException($"could not start /bin/sh for: {cmd}");
        try
        {
            process.WaitForExitAsync(cancel).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        return process.ExitCode;
    }

    // The command on a thread of its own (fresh per-thread state, as in a new process) with the variable a process gets.
    // Stopping it cannot end the thread: the stop makes it unable to swap outputs in (InProcessStop), and the caller
    // then puts the previous outputs back, as after killing a process; the thread ends with this process.
    private static int ExecuteInProcess(IInProcessCommands host, IReadOnlyList<string> arguments, string inputsMd5, CancellationToken cancel)
    {
        var run = new InProcessStop.Run();
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = Environment.GetEnvironmentVariable(InputsVariable);
        Environment.SetEnvironmentVariable(InputsVariable, inputsMd5);
        var thread = new Thread(() =>
        {
            InProcessStop.Enter(run);
            try
            {
                done.SetResult(host.Run(arguments));
            }
            catch (Exception e)
            {
                // What the runtime prints for an exception nothing caught, and the exit code of the abort that follows.
                Console.Error.WriteLine($"Unhandled exception. {e}");
                done.SetResult(134);
            }
        })
        {
            IsBackground = true,
            Name = "in-process stage command",
        };
        try
        {
            thread.Start();
            done.Task.Wait(cancel);
            return done.Task.Result;
        }
        catch (OperationCanceledException)
        {
            run.Stop();
            return done.Task.IsCompletedSuccessfully ? done.Task.Result : 130;
        }
        finally
        {
            Environment.SetEnvironmentVariable(InputsVariable, previous);
        }
    }

    private string BackupDir(StageInstance stage) =>
        Path.Combine(workspace.TempDir, "backup", stage.Name.Replace('@', '_').Replace('/', '_'));

    private void MoveOutputsAside(StageInstance stage, string backup)
    {
        DvcCache.Delete(backup);
        Directory.CreateDirectory(backup);
        for (var i = 0; i < stage.Outs.Count; i++)
        {
            var full = workspace.Full(stage.Outs[i].Path);
            var aside = Path.Combine(backup, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (Directory.Exists(full))
            {
                Directory.Move(full, aside);
            }
            else if (File.Exists(full))
            {
                File.Move(full, aside);
            }
        }
        File.WriteAllText(Path.Combine(backup, "complete"), "");
    }

    // A backup left by a run that died: the outputs in place are partial or unrecorded, so the backup wins.
    private void RecoverBackup(StageInstance stage)
    {
        var backup = BackupDir(stage);
        if (Directory.Exists(backup))
        {
            RestoreBackup(stage, backup);
        }
    }

    private void RestoreBackup(StageInstance stage, string backup)
    {
        if (!File.Exists(Path.Combine(backup, "complete")))
        {
            // The move aside itself was interrupted: what was moved is put back, nothing else is touched.
            for (var i = 0; i < stage.Outs.Count; i++)
            {
                PutBack(stage, backup, i, onlyIfMissing: true);
            }
            DvcCache.Delete(backup);
            return;
        }
        for (var i = 0; i < stage.Outs.Count; i++)
        {
            DvcCache.Delete(workspace.Full(stage.Outs[i].Path));
            PutBack(stage, backup, i, onlyIfMissing: false);
        }
        DvcCache.Delete(backup);
    }

    private void PutBack(StageInstance stage, string backup, int index, bool onlyIfMissing)
    {
        var aside = Path.Combine(backup, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var full = workspace.Full(stage.Outs[index].Path);
        if (onlyIfMissing && (File.Exists(full) || Directory.Exists(full)))
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (Directory.Exists(aside))
        {
            Directory.Move(aside, full);
        }
        else if (File.Exists(aside))
        {
            File.Move(aside, full);
        }
    }
}
