namespace MreRepro.Pipeline.Tests;

/// <summary>The shared scratch folder cleans up after itself and never reaches through a link into what it links to.</summary>
public sealed class TempFolderTests
{
    [SkippableFact]
    public void Should_delete_read_only_files_but_leave_the_files_behind_a_link_as_they_were()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes");
        using var outside = new TempFolder("mre-outside-");
        var script = outside.Write("build/mre", "#!/bin/sh\n");
        const UnixFileMode executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(script, executable);
        var folder = new TempFolder();
        Directory.CreateSymbolicLink(folder.PathOf("build"), outside.PathOf("build"));
        File.CreateSymbolicLink(folder.PathOf("mre"), script);
        var readOnly = folder.Write(".dvc/cache/ab/cdef", "object");
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead);

        folder.Dispose();

        Assert.False(Directory.Exists(folder.Path));
        Assert.Equal(executable, File.GetUnixFileMode(script));
        Assert.Equal("#!/bin/sh\n", File.ReadAllText(script));
    }
}
