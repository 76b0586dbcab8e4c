namespace MreRepro.Pipeline.Tests;

/// <summary>A throwaway workspace folder for one test (a <see cref="TempFolder"/> whose path reads as a root).</summary>
internal sealed class TempWorkspace() : TempFolder("mre-pipeline-")
{
    public string Root => Path;
}
