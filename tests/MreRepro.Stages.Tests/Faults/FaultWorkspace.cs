using System.Diagnostics;
using MreRepro.Stages.Data;

namespace MreRepro.Stages.Tests.Faults;

/// <summary>
/// A throwaway checkout for fault tests of `mre repro` and of the Cake script: the repository's code, CLI build and
/// Cake scripts linked in, params.yaml and data.dvc copied, data/ regenerated. Its build/mre runs the real CLI for
/// plan/status/repro, while a stage verb only pretends (fast): it writes `first` (or $MRE_FAKE_CONTENT) to
/// stages/&lt;profile&gt;/&lt;verb&gt;/&lt;dataset&gt;/train.jsonl, after sleeping $MRE_FAKE_SLEEP seconds if set,
/// appending its pid and its sleep's pid to $MRE_FAKE_PIDS; with MRE_FAKE_KILL_ENGINE=1 it first kills the
/// `mre repro` that started it with SIGKILL.
/// </summary>
internal sealed class FaultWorkspace : IDisposable
{
    private const string FakeMre = """
        #!/bin/sh
        here="$(cd "$(dirname "$0")" && pwd)"
        case "$1" in
          plan|status|repro|data|dvc-yaml) exec "$here/mre.real" "$@" ;;
        esac
        verb="$1"; shift; profile=""; dataset=""
        while [ $# -gt 0 ]; do
          case "$1" in --profile) profile="$2"; shift ;; --dataset) dataset="$2"; shift ;; esac
          shift
        done
        if [ "$MRE_FAKE_KILL_ENGINE" = 1 ]; then
          p=$PPID
          while [ "$p" -gt 1 ]; do
            if tr '\0' ' ' < "/proc/$p/cmdline" | grep -q ' repro '; then kill -9 "$p"; break; fi
            p=$(awk '{print $4}' "/proc/$p/stat")
          done
        fi
        out="stages/$profile/$verb/$dataset"
        mkdir -p "$out"
        echo "${MRE_FAKE_CONTENT:-first}" > "$out/partial.txt"
        if [ -n "$MRE_FAKE_SLEEP" ]; then
          sleep "$MRE_FAKE_SLEEP" &
          echo $$ $! >> "$MRE_FAKE_PIDS"
          wait
        fi
        mv "$out/partial.txt" "$out/train.jsonl"

        """;

    public FaultWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("mre-faults-").FullName;
        var repo = RepositoryRoot.Path;
        foreach (var link in new[] { "src", "artifacts", "build.sh", "build.cake", "cake.config", "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            Link(link, Path.Combine(repo, link));
        }
        // tools/ is a folder of its own, so nothing run here can replace the repository's tools/native-runtime.
        Directory.CreateDirectory(Path.Combine(Root, "tools"));
        // Cake refuses a cache path that is a dangling link, as it is before the checkout's first ./build.sh.
        Directory.CreateDirectory(Path.Combine(repo, "tools", "cake-cache"));
        foreach (var tool in new[] { "cake-cache", "native-runtime" })
        {
            Link(Path.Combine("tools", tool), Path.Combine(repo, "tools", tool));
        }
        Directory.CreateDirectory(Path.Combine(Root, "build"));
        foreach (var script in new[] { "context.cake", "options.cake", "tasks" })
        {
            Link(Path.Combine("build", script), Path.Combine(repo, "build", script));
        }
        // The native-runtime check is the repository's concern: here the .NET host that runs the tests is the one to use.
        WriteScript("build/ensure-libstdcxx.sh", "#!/bin/sh\ncommand -v dotnet\n");
        Link("build/mre.real", Path.Combine(repo, "build", "mre"));
        WriteScript("build/mre", FakeMre.ReplaceLineEndings("\n"));
        Directory.CreateDirectory(Path.Combine(Root, ".config"));
        Link(".config/dotnet-tools.json", Path.Combine(repo, ".config", "dotnet-tools.json"));
        File.Copy(Path.Combine(repo, "params.yaml"), Path.Combine(Root, "params.yaml"));
        File.Copy(Path.Combine(repo, "data.dvc"), Path.Combine(Root, "data.dvc"));
        Directory.CreateDirectory(Path.Combine(Root, ".dvc"));
        DefaultCorpus.Ensure(Root);
    }

    public string Root { get; }

    public string PidsFile => Path.Combine(Root, "fake-pids.txt");

    public string Output(string profile = "smoke") => Path.Combine(Root, "stages", profile, "split", "SCNM", "train.jsonl");

    public string LockFile(string profile = "smoke") => Path.Combine(Root, "stages", profile, "dvc.lock");

    /// <summary>Starts `build/mre ARGS` (the real CLI for engine verbs) in the workspace.</summary>
    public RunningProcess StartMre(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(Path.Combine(Root, "build", "mre"), args, environment);

    /// <summary>Starts ./build.sh (with --no-build: the CLI is the repository's build, never rebuilt from here).</summary>
    public RunningProcess StartCake(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(Path.Combine(Root, "build.sh"), ["--no-build", .. args], environment);

    /// <summary>Waits until the fake stage command has written its pids (it is then sleeping), and returns them.</summary>
    public IReadOnlyList<int> WaitForSleepingStage(RunningProcess process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (File.Exists(PidsFile) && File.ReadAllText(PidsFile).EndsWith('\n'))
            {
                return File.ReadAllText(PidsFile).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            }
            if (process.Process.HasExited)
            {
                Assert.Fail($"exited before the stage command slept: {process.Wait().Output}");
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException("the stage command did not start within 2 minutes");
    }

    /// <summary>
    /// Why a signal test cannot run here, or null: a process started in the background by a shell without job control
    /// (`nohup cmd &amp;`) inherits SIGINT as ignored, every process below it too, and an ignored signal cannot be
    /// caught, so such a run would measure how the tests were started, not the engine.
    /// </summary>
    public static string? SignalIgnoredHere(string signal)
    {
        var number = signal switch { "INT" => 2, "TERM" => 15, _ => throw new ArgumentException(signal, nameof(signal)) };
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var ignored = line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (number - 1))) != 0;
        return ignored ? $"SIG{signal} is ignored by this test process (inherited from how it was started, e.g. `nohup ... &`); its children could not receive it" : null;
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Whether a process still runs (a zombie, already dead but not yet reaped, does not count).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (File.Exists(PidsFile))
        {
            foreach (var pid in File.ReadAllText(PidsFile).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Where(IsRunning))
            {
                Signal(pid, "KILL");
            }
        }
        try
        {
            foreach (var f in Directory.EnumerateFiles(Path.Combine(Root, ".dvc"), "*", SearchOption.AllDirectories))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Link(string relative, string target) => File.CreateSymbolicLink(Path.Combine(Root, relative), target);

    private void WriteScript(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        File.WriteAllText(path, text);
        TempFolder.MakeExecutable(path);
    }

    private RunningProcess Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MRE_FAKE_PIDS"] = PidsFile;
        start.Environment.Remove("MRE_WORKSPACE_LOCK_HELD");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        return new RunningProcess(Process.Start(start)!);
    }
}

/// <summary>A started process whose output is collected as it runs.</summary>
internal sealed class RunningProcess
{
    private readonly System.Text.StringBuilder _output = new();
    private readonly CountdownEvent _streamsClosed = new(2);

    public RunningProcess(Process process)
    {
        Process = process;
        // Event-based: a stage command orphaned by `kill -9` keeps the pipes open, and must not block the test.
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>Exit code and output, with the console's line wrapping undone (one line per message).</summary>
    public (int Code, string Output) Wait(int seconds = 300)
    {
        Assert.True(Process.WaitForExit(TimeSpan.FromSeconds(seconds)), $"{Process.StartInfo.FileName} did not finish in {seconds} s: {Text()}");
        // The engine prints its summary just before it exits: wait for both pipes to close (all output read), but not
        // for ever, since an orphaned stage command (after `kill -9` of the engine) holds them open.
        _streamsClosed.Wait(TimeSpan.FromSeconds(10));
        return (Process.ExitCode, Text());
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            _streamsClosed.Signal();
            return;
        }
        lock (_output)
        {
            _output.Append(line).Append(' ');
        }
    }

    private string Text()
    {
        lock (_output)
        {
            return System.Text.RegularExpressions.Regex.Replace(_output.ToString(), @"\s+", " ");
        }
    }
}
