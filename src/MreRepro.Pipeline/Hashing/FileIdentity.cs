using System.Runtime.InteropServices;

namespace MreRepro.Pipeline.Hashing;

/// <summary>The inode number of a file on 64-bit Linux (0 elsewhere), so a replaced file with equal size and mtime is re-hashed.</summary>
internal static partial class FileIdentity
{
    // struct stat on x86_64 and aarch64 Linux starts with st_dev (8 bytes) then st_ino (8 bytes).
    private const int InodeOffset = 8;

    public static ulong Inode(string path)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return 0;
        }
        try
        {
            var buffer = new byte[256];
            return Stat(path, buffer) == 0 ? BitConverter.ToUInt64(buffer, InodeOffset) : 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return 0;
        }
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}
