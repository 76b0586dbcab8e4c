namespace MreRepro.Pipeline.Repro;

/// <summary>Recognises "no space left on device" (ENOSPC on Unix; ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL on Windows).</summary>
public static class DiskSpace
{
    public static bool IsFull(Exception error) => error is IOException io
        && (OperatingSystem.IsWindows() ? (io.HResult & 0xFFFF) is 0x70 or 0x27 : io.HResult == 28);
}
