namespace MreRepro.Pipeline.Repro;

/// <summary>
/// One pipeline run per checkout: an exclusive lock on .dvc/tmp/mre.lock (FileShare.None, an flock on Linux, so
/// the Cake run and a CLI run exclude each other). A child of a run that holds it sets MRE_WORKSPACE_LOCK_HELD=1.
/// </summary>
public sealed class WorkspaceLock : IDisposable
{
    public const string HeldVariable = "MRE_WORKSPACE_LOCK_HELD";
    private readonly FileStream? _stream;

    private WorkspaceLock(FileStream? stream) => _stream = stream;

    public static WorkspaceLock Acquire(string workspaceRoot, TimeSpan? wait = null)
    {
        if (Environment.GetEnvironmentVariable(HeldVariable) == "1")
        {
            return new WorkspaceLock(null);
        }
        var dir = Path.Combine(workspaceRoot, ".dvc", "tmp");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "mre.lock");
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.Zero);
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                // The holder's pid goes beside the lock: the locked file itself cannot be read by others.
                File.WriteAllText(path + ".pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return new WorkspaceLock(stream);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
            catch (IOException)
            {
                string holder;
                try
                {
                    holder = File.ReadAllText(path + ".pid").Trim();
                }
                catch (IOException)
                {
                    holder = "?";
                }
                throw new PipelineException(
                    $"another pipeline run holds {path} (pid {holder}); wait for it to finish. Two runs in one checkout would race on dvc.lock and the cache.");
            }
        }
    }

    public void Dispose() => _stream?.Dispose();
}
