using System.Runtime.InteropServices;

namespace MreRepro.Pipeline.Repro;

/// <summary>
/// Turns SIGINT and SIGTERM into a cancellation instead of an immediate exit, so the engine can stop its stage
/// command's process tree, put the previous outputs back and release the workspace lock before it exits with the
/// shell's code for the signal (130 or 143).
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public Interruption()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled at the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The first signal received, if any.</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>SIGINT or SIGTERM, as a shell names it.</summary>
    public string SignalName => Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";

    /// <summary>128 + the signal number, what a shell reports for a process the signal ended.</summary>
    public int ExitCode => Signal == PosixSignal.SIGTERM ? 143 : 130;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Signal ??= context.Signal;
        _source.Cancel();
    }
}
