using MreRepro.Pipeline.Execution;

namespace MreRepro.Pipeline.Tests.Execution;

/// <summary>&lt;profile&gt;.executor and &lt;profile&gt;.resources in params.yaml, as sbatch options.</summary>
public sealed class ExecutorSettingsTests
{
    [Fact]
    public void Should_read_the_executor_and_give_each_stage_its_own_then_the_default_then_the_fallback_request()
    {
        using var ws = new TempWorkspace();
        var path = ws.Write("params.yaml", """
            paper:
              executor: {kind: slurm, jobs: 4}
              resources:
                default: {cpus: 4, mem: 16G, time: '02:00:00', account: mre}
                finetune: {gpus: 1, partition: gpu, time: 12:00:00}
            """);
        var settings = ExecutorSettings.Read(path, "paper");
        Assert.Equal(("slurm", 4), (settings.Kind, settings.Jobs));
        Assert.Equal(["--cpus-per-task=4", "--mem=16G", "--gres=gpu:1", "--time=12:00:00", "--partition=gpu", "--account=mre"],
            settings.For("finetune", new ResourceRequest(Cpus: 2)).SbatchOptions());
        Assert.Equal(["--cpus-per-task=4", "--mem=16G", "--time=02:00:00", "--account=mre"], settings.For("split", new ResourceRequest(Cpus: 2)).SbatchOptions());
    }

    [Fact]
    public void Should_default_to_local_with_automatic_jobs_when_the_profile_says_nothing()
    {
        using var ws = new TempWorkspace();
        var settings = ExecutorSettings.Read(ws.Write("params.yaml", "smoke:\n  model: {threads: 2}\n"), "smoke");
        Assert.Equal(("local", 0), (settings.Kind, settings.Jobs));
        Assert.Equal(["--cpus-per-task=2"], settings.For("finetune", new ResourceRequest(Cpus: 2)).SbatchOptions());
    }

    [Theory]
    [InlineData("executor: {kind: cloud}", "smoke.executor.kind must be local or slurm (got 'cloud')")]
    [InlineData("executor: {jobs: -1}", "smoke.executor.jobs must be a whole number")]
    [InlineData("executor: {nodes: 2}", "smoke.executor.nodes is not an executor setting")]
    [InlineData("resources: {finetune: {cores: 2}}", "smoke.resources.finetune.cores is not a resource (cpus, mem, gpus, time, partition, account)")]
    [InlineData("resources: {finetune: {cpus: two}}", "smoke.resources.finetune.cpus must be a whole number (got 'two')")]
    public void Should_name_the_file_and_key_of_a_bad_setting(string yaml, string message)
    {
        using var ws = new TempWorkspace();
        var error = Assert.Throws<PipelineException>(() => ExecutorSettings.Read(ws.Write("params.yaml", $"smoke:\n  {yaml}\n"), "smoke"));
        Assert.StartsWith("params.yaml: ", error.Message);
        Assert.Contains(message, error.Message);
    }
}
