namespace MreRepro.Pipeline.Repro;

/// <summary>
/// Runs some stage commands inside the engine's process instead of starting one for each (the CLI registers its own
/// verbs here), which saves a process start, the runtime's start-up and native libraries loaded again per instance.
/// A command the host does not take runs in a process as before; dvc.yaml keeps the same commands either way.
/// </summary>
public interface IInProcessCommands
{
    /// <summary>
    /// The arguments to run <paramref name="cmd"/> with when this host runs it (a plain command line of one of its own
    /// verbs, no shell syntax), or null to run it in a process. <paramref name="workingDirectory"/> is where a process
    /// would have started (the workspace root).
    /// </summary>
    IReadOnlyList<string>? Parse(string cmd, string workingDirectory);

    /// <summary>Runs parsed arguments on the calling thread and returns the exit code the process would have had.</summary>
    int Run(IReadOnlyList<string> arguments);
}
