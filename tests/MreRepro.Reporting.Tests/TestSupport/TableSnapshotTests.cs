namespace MreRepro.Reporting.Tests.TestSupport;

/// <summary>A deleted or moved snapshot fails the run instead of being silently recreated (in CI or not).</summary>
public sealed class TableSnapshotTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void Should_fail_and_create_nothing_when_the_snapshot_is_missing()
    {
        Skip.If(TableSnapshot.UpdateRequested, "this run rewrites snapshots (MRE_UPDATE_SNAPSHOTS=true), so a missing one is recreated on purpose.");

        var error = Assert.ThrowsAny<Exception>(() => TableSnapshot.MatchIn("| a |\n", _folder.Path, "Missing"));

        Assert.Contains("Missing.snap is missing", error.Message);
        Assert.Contains("--update-snapshots", error.Message);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "__snapshots__", "Missing.snap")));
    }

    [Fact]
    public void Should_fail_and_keep_the_actual_output_when_the_snapshot_differs()
    {
        var snapshots = Directory.CreateDirectory(Path.Combine(_folder.Path, "__snapshots__")).FullName;
        File.WriteAllText(Path.Combine(snapshots, "Table.snap"), "| expected |\n");
        if (TableSnapshot.UpdateRequested)
        {
            TableSnapshot.MatchIn("| actual |\n", _folder.Path, "Table");
            Assert.Equal("| actual |\n", File.ReadAllText(Path.Combine(snapshots, "Table.snap")));
            return;
        }

        Assert.ThrowsAny<Exception>(() => TableSnapshot.MatchIn("| actual |\n", _folder.Path, "Table"));

        // TestTask copies __mismatch__ files under artifacts/test-results/snapshot-mismatches.
        Assert.Equal("| actual |\n", File.ReadAllText(Path.Combine(snapshots, "__mismatch__", "Table.snap")));
    }
}
