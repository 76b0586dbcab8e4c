using System.Diagnostics;
using System.Globalization;
using MreRepro.Models.Llama;
using static TorchSharp.torch;

namespace MreRepro.Models.Bench;

/// <summary>Measured throughput of one configuration.</summary>
public sealed record Throughput(string Engine, double ForwardTokensPerSecond, double TrainTokensPerSecond);

/// <summary>
/// Forward and forward+backward tokens per second of a LLaMA configuration on random tokens, after warm-up;
/// the PyTorch eager figures come from bench_llama.py run by Debian's python3 on the same machine, same dims.
/// </summary>
public static class ModelBenchmark
{
    public static Throughput MeasureTorchSharp(LlamaConfig config, int batch, int length, int iterations, int threads)
    {
        set_num_threads(threads);
        manual_seed(0);
        using var model = new LlamaForCausalLM(config);
        using var ids = randint(0, config.VocabSize, [batch, length], dtype: ScalarType.Int64);
        var clock = new Stopwatch();
        double Time(bool backward)
        {
            for (var i = 0; i < iterations + 2; i++)
            {
                if (i == 2)
                {
                    clock.Restart();
                }
                using var scope = NewDisposeScope();
                if (backward)
                {
                    model.train();
                    var logits = model.Forward(ids);
                    var loss = nn.functional.cross_entropy(logits.view(-1, config.VocabSize), ids.view(-1));
                    loss.backward();
                    model.zero_grad();
                }
                else
                {
                    model.eval();
                    using var noGrad = no_grad();
                    _ = model.Forward(ids);
                }
            }
            return (double)batch * length * iterations / clock.Elapsed.TotalSeconds;
        }
        var forward = Time(backward: false);
        var train = Time(backward: true);
        return new Throughput("TorchSharp", forward, train);
    }

    /// <summary>Runs the PyTorch eager twin; null (with the reason) when python3-torch is not installed.</summary>
    public static (Throughput? Result, string Note) MeasurePyTorch(string script, LlamaConfig config, int batch, int length, int iterations, int threads)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || !File.Exists(script))
        {
            return (null, $"PyTorch eager skipped: {(File.Exists(python) ? script : python)} not found (apt-get install python3-torch).");
        }
        var args = string.Join(' ', new object[] { script, config.VocabSize, config.HiddenSize, config.IntermediateSize, config.NumHiddenLayers,
            config.NumAttentionHeads, config.KeyValueHeads, batch, length, iterations, threads }.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)));
        var start = new ProcessStartInfo(python, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            return (null, $"PyTorch eager failed: {error.Trim().Split('\n').LastOrDefault()}");
        }
        var parts = output.Trim().Split(' ');
        return (new Throughput("PyTorch eager", double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture)), "");
    }
}
