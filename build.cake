#nullable enable
// MreRepro build script: `./build.sh [--target=<task>] [options]`. Run `./build.sh --target=Help` for the options.
// Frosting-like: every task is one class under build/tasks; the stage tasks come from the one pipeline
// definition (src/MreRepro.Stages/Definition), read through `mre plan`, never listed here.

//////////////////////////////////////////////////////////////////////
// LOADS
//////////////////////////////////////////////////////////////////////
#load "./build/options.cake"
#load "./build/context.cake"
#load "./build/tasks/*.cake"

//////////////////////////////////////////////////////////////////////
// SETUP / TEARDOWN
//////////////////////////////////////////////////////////////////////
var options = new BuildOptions(Context);
var pipeline = new PipelineContext(Context, options);

Setup<PipelineContext>(ctx => pipeline.Open());
Teardown<PipelineContext>((ctx, p) => p.Close());

//////////////////////////////////////////////////////////////////////
// TASKS
//////////////////////////////////////////////////////////////////////
var tasks = new List<PipelineTask>
{
    new HelpTask(), new BuildTask(), new TestTask(), new DvcYamlTask(), new BenchTask(),
};
if (options.NeedsStageGraph)
{
    BuildTask.EnsureBuilt(Context, options);       // `mre plan` needs the CLI, so build before registering
    pipeline.LoadPlan();
    tasks.AddRange(StageTask.FromPlan(pipeline));
    tasks.AddRange(StageGroupTask.FromPlan(pipeline));
    tasks.Add(new PipelineRunTask(pipeline));
}
tasks.Add(new GraphTask());
foreach (var task in tasks)
{
    Register(task);
}
pipeline.RegisteredTasks = Tasks;

void Register(PipelineTask task)
{
    var builder = Task(task.Name).Description(task.Description);
    foreach (var dependency in task.DependsOn)
    {
        builder.IsDependentOn(dependency);
    }
    builder.WithCriteria<PipelineContext>((ctx, p) => task.ShouldRun(p), task.SkipReason)
           .Does<PipelineContext>((ctx, p) => task.Run(p));
}

//////////////////////////////////////////////////////////////////////
// EXECUTION
//////////////////////////////////////////////////////////////////////
if (!Tasks.Any(t => string.Equals(t.Name, options.Target, StringComparison.OrdinalIgnoreCase)))
{
    var named = Tasks.Where(t => !t.Name.Contains('@')).Select(t => t.Name);
    var instances = Tasks.Where(t => t.Name.Contains('@')).Select(t => t.Name).ToList();
    throw new CakeException($"No target '{options.Target}'. Targets: {string.Join(", ", named)}"
        + (instances.Count > 0 ? $", and {instances.Count} stage instances such as {instances[0]} (`./build.sh --dry-run` lists them)." : "."));
}
if (options.DryRun)
{
    pipeline.PrintPlan();
}
else
{
    RunTarget(options.Target);
}
