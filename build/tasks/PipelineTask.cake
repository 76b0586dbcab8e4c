// The Frosting-like base of every task: a name, dependencies, a criterion and a body.

/// <summary>One Cake task as a class (Cake.Frosting's FrostingTask shape, for the script runner).</summary>
public abstract class PipelineTask
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public virtual IEnumerable<string> DependsOn => Array.Empty<string>();
    /// <summary>Cake skips the task when this is false and prints <see cref="SkipReason"/>.</summary>
    public virtual bool ShouldRun(PipelineContext context) => true;
    public virtual string SkipReason => "";
    public abstract void Run(PipelineContext context);
}
