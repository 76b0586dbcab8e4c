using System.Globalization;
using System.Runtime.InteropServices;

namespace MreRepro.Pipeline.Repro;

/// <summary>
/// One pipeline run per checkout. The protocol, shared with build/context.cake (Cake's copy of it): an exclusive
/// flock on .dvc/tmp/mre.lock (FileShare.None), the holder's pid in .dvc/tmp/mre.lock.pid, and the lock's file
/// descriptor inherited by every process the holder starts, so the lock lasts as long as any of them runs (a stage
/// command that outlives a killed engine still holds it). Those children get MRE_WORKSPACE_LOCK_HELD=1 and do not
/// take it again.
/// </summary>
public sealed class WorkspaceLock : IDisposable
{
    public const string HeldVariable = "MRE_WORKSPACE_LOCK_HELD";
    private readonly FileStream? _stream;

    private WorkspaceLock(FileStream? stream) => _stream = stream;

    /// <summary>Path of the lock file in a workspace.</summary>
    public static string PathFor(string workspaceRoot) => Path.Combine(workspaceRoot, ".dvc", "tmp", "mre.lock");

    public static WorkspaceLock Acquire(string workspaceRoot, TimeSpan? wait = null)
    {
        if (Environment.GetEnvironmentVariable(HeldVariable) == "1")
        {
            return new WorkspaceLock(null);
        }
        var path = PathFor(workspaceRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.Zero);
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                ShareWithChildren(stream);
                // The holder's pid goes beside the lock: the locked file itself cannot be read by others.
                File.WriteAllText(path + ".pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                return new WorkspaceLock(stream);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
            catch (IOException)
            {
                throw new PipelineException(
                    $"another pipeline run holds {path} ({Holder(path)}); wait for it to finish. Two runs in one checkout would race on dvc.lock and the cache.");
            }
        }
    }

    public void Dispose() => _stream?.Dispose();

    /// <summary>Names who holds the lock: the pid that took it, or, once that one has exited, the processes it started that still run.</summary>
    public static string Holder(string path)
    {
        string pid;
        try
        {
            pid = File.ReadAllText(path + ".pid").Trim();
        }
        catch (IOException)
        {
            pid = "?";
        }
        if (Directory.Exists($"/proc/{pid}") || !Directory.Exists("/proc"))
        {
            return $"pid {pid}";
        }
        var holders = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(p => p!.All(char.IsAsciiDigit) && HoldsFile(p!, path))
            .Select(p => $"{p} ({CommandLine(p!)})")
            .ToList();
        return holders.Count == 0
            ? $"pid {pid}, which has exited"
            : $"pid {pid} has exited, but processes it started still run and hold it: {string.Join(", ", holders)}";
    }

    private static bool HoldsFile(string pid, string path)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
                .Any(fd => new FileInfo(fd).LinkTarget == path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string CommandLine(string pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return text.Length > 60 ? text[..60] + "…" : text;
        }
        catch (IOException)
        {
            return "?";
        }
    }

    // Clears FD_CLOEXEC so that processes started while the lock is held inherit the descriptor, and with it the lock.
    private static void ShareWithChildren(FileStream stream)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = Native.fcntl((int)stream.SafeFileHandle.DangerousGetHandle(), Native.F_SETFD, 0);
        }
    }

    private static class Native
    {
        public const int F_SETFD = 2;

        [DllImport("libc", SetLastError = true)]
        public static extern int fcntl(int fd, int cmd, int arg);
    }
}
