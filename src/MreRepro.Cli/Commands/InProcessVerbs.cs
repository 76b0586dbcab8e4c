using System.Runtime.InteropServices;
using MreRepro.Pipeline.Repro;
using MreRepro.Stages.Definition;

namespace MreRepro.Cli.Commands;

/// <summary>
/// The stage commands of dvc.yaml (`build/mre finetune --profile default ...`) run inside the engine's process: the
/// same verb and options through the same command line, with --root the workspace, on a thread of its own. The report
/// keeps its own process: it moves its files into reports/ one by one rather than swapping one folder in, so a
/// stopped in-process report could not be kept from writing (and there is one per profile). Only where the workspace's
/// build/mre is this build's own launcher: a workspace whose build/mre is another program runs it as written.
/// </summary>
internal sealed class InProcessVerbs : IInProcessCommands
{
    private const string Launcher = "build/mre";

    // Anything a shell would treat specially: such a command runs through /bin/sh as written.
    private static readonly char[] ShellSyntax = "\"'`$\\;&|<>(){}[]*?~#=\n\t".ToCharArray();

    private static readonly HashSet<string> Verbs =
        StageRegistry.All.Select(s => s.Name).Where(n => n != "report").ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<string>? Parse(string cmd, string workingDirectory)
    {
        if (cmd.IndexOfAny(ShellSyntax) >= 0)
        {
            return null;
        }
        var words = cmd.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || words[0] != Launcher || !Verbs.Contains(words[1]) || words.Contains("--root")
            || !SameFile(Path.Combine(workingDirectory, Launcher), OwnLauncher))
        {
            return null;
        }
        return [.. words.Skip(1), "--root", workingDirectory];
    }

    public int Run(IReadOnlyList<string> arguments) => MreApp.Run(arguments);

    // This build's launcher: mre.dll is built into artifacts/bin/MreRepro.Cli/release/ beside build/.
    private static string OwnLauncher =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", Launcher));

    // The same file (device and inode, so links and linked folders count), on 64-bit Linux; false elsewhere.
    private static bool SameFile(string a, string b)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return false;
        }
        var first = new byte[256];
        var second = new byte[256];
        try
        {
            // struct stat on x86_64 and aarch64 Linux starts with st_dev then st_ino, 8 bytes each.
            return Stat(a, first) == 0 && Stat(b, second) == 0 && first.AsSpan(0, 16).SequenceEqual(second.AsSpan(0, 16));
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}
