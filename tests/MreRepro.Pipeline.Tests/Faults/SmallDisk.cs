using System.Diagnostics;

namespace MreRepro.Pipeline.Tests.Faults;

/// <summary>A tiny tmpfs, to run out of disk space on purpose; null where mounting is not allowed (not root).</summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string root) => Root = root;

    public string Root { get; }

    public static SmallDisk? Mount(int bytes)
    {
        var root = Directory.CreateTempSubdirectory("mre-small-disk-").FullName;
        if (Mounts.Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", root))
        {
            return new SmallDisk(root);
        }
        Directory.Delete(root);
        return null;
    }

    public void Dispose()
    {
        Mounts.Run("umount", Root);
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>The same folder seen read-only: a read-only bind mount as root, or the folder itself made read-only otherwise.</summary>
internal sealed class ReadOnlyView : IDisposable
{
    private readonly bool _mounted;

    private ReadOnlyView(string root, bool mounted)
    {
        Root = root;
        _mounted = mounted;
    }

    public string Root { get; }

    public static ReadOnlyView? Of(string folder)
    {
        if (Environment.UserName != "root")
        {
            Mounts.Run("chmod", "-R", "a-w", folder);
            return new ReadOnlyView(folder, mounted: false);
        }
        var root = Directory.CreateTempSubdirectory("mre-read-only-").FullName;
        if (Mounts.Run("mount", "--bind", folder, root) && Mounts.Run("mount", "-o", "remount,ro,bind", root))
        {
            return new ReadOnlyView(root, mounted: true);
        }
        Mounts.Run("umount", root);
        Directory.Delete(root);
        return null;
    }

    public void Dispose()
    {
        if (_mounted)
        {
            Mounts.Run("umount", Root);
            Directory.Delete(Root);
        }
        else
        {
            Mounts.Run("chmod", "-R", "u+w", Root);
        }
    }
}

internal static class Mounts
{
    public static bool Run(string tool, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
