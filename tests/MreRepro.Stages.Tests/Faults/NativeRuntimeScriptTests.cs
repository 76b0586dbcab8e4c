using MreRepro.TestSupport;

namespace MreRepro.Stages.Tests.Faults;

/// <summary>
/// `build/ensure-libstdcxx.sh` makes a private .NET host (tools/native-runtime/dotnet) linked to the SDK's folders, and
/// ./build.sh puts that host first on PATH. Run again with it first on PATH (a nested ./build.sh, or a user who
/// exported it), the script once took the host for the SDK, rebuilt it, and linked its folders to themselves.
/// </summary>
public sealed class NativeRuntimeScriptTests
{
    [Fact]
    public void Should_keep_a_ready_private_host_when_that_host_comes_first_on_PATH()
    {
        using var root = new TempFolder();
        root.WriteExecutable("build/ensure-libstdcxx.sh", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "build", "ensure-libstdcxx.sh")));
        var sdk = root.WriteExecutable("sdk/dotnet", "#!/bin/sh\necho sdk\n");
        var host = root.WriteExecutable("tools/native-runtime/dotnet/dotnet", "#!/bin/sh\necho private host\n");
        // The stamp names the SDK's dotnet as the script resolves it (readlink -f), as a finished setup leaves it.
        root.Write("tools/native-runtime/stamp", TestProcess.Run("readlink", ["-f", sdk]).Stdout);
        root.Write("tools/native-runtime/test.runsettings", "<RunSettings />\n");
        root.Write("tools/native-runtime/lib/libstdc++.so.6", "a stand-in that names GLIBCXX_3.4.32\n");
        var before = Snapshot(root.PathOf("tools/native-runtime"));

        var run = TestProcess.Run("bash", [root.PathOf("build/ensure-libstdcxx.sh")], environment: new Dictionary<string, string>
        {
            ["PATH"] = $"{Path.GetDirectoryName(host)}:{Path.GetDirectoryName(sdk)}:/usr/bin:/bin",
            // Were the script to start a rebuild, its downloads go nowhere (tests talk to loopback only).
            ["http_proxy"] = "http://127.0.0.1:9",
            ["https_proxy"] = "http://127.0.0.1:9",
        }, timeout: TimeSpan.FromMinutes(2));

        Assert.True(run.Code == 0, run.Output);
        Assert.Equal(host, run.Stdout.Trim());
        Assert.DoesNotContain("unpacking", run.Stderr);
        Assert.Equal(before, Snapshot(root.PathOf("tools/native-runtime")));
    }

    // Every file under the folder with its content and every link with its target.
    private static string Snapshot(string folder) => string.Join('\n', Directory
        .EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(p => new FileInfo(p) is { LinkTarget: { } target } ? $"{p} -> {target}"
            : Directory.Exists(p) ? $"{p}/" : $"{p}: {File.ReadAllText(p)}"));
}
