namespace MreRepro.Pipeline.Repro;

/// <summary>
/// Stopping a command that runs inside the engine's process. A thread cannot be ended as a process can, so once the
/// engine stops such a command (Ctrl-C, SIGTERM) and puts the previous outputs back, the command must not swap new
/// outputs in afterwards: a command swaps its outputs into place through <see cref="Guard"/>, which refuses after the
/// stop and holds the stop off while a swap is under way. Outside an in-process run Guard just runs the swap.
/// </summary>
public static class InProcessStop
{
    private static readonly AsyncLocal<Run?> Current = new();

    /// <summary>
    /// True once the engine stopped an in-process command that was still running: its thread goes on until the process
    /// ends, so the process must end without tearing native libraries down under it (see the CLI's exit).
    /// </summary>
    public static bool Abandoned { get; private set; }

    /// <summary>Runs <paramref name="swap"/> unless the in-process run this thread belongs to was stopped (then throws).</summary>
    public static T Guard<T>(Func<T> swap)
    {
        ArgumentNullException.ThrowIfNull(swap);
        var run = Current.Value;
        if (run is null)
        {
            return swap();
        }
        lock (run)
        {
            if (run.Stopped)
            {
                throw new OperationCanceledException("the engine stopped this stage: its outputs are not swapped in.");
            }
            return swap();
        }
    }

    /// <summary>Marks the calling thread (and threads it starts) as belonging to <paramref name="run"/>.</summary>
    internal static void Enter(Run run) => Current.Value = run;

    /// <summary>One in-process run; <see cref="Stop"/> waits for a swap in progress, then refuses any later one.</summary>
    internal sealed class Run
    {
        public bool Stopped { get; private set; }

        public void Stop()
        {
            lock (this)
            {
                Stopped = true;
                Abandoned = true;
            }
        }
    }
}
