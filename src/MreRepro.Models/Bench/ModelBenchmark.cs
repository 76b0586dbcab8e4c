using System.Diagnostics;
using System.Globalization;
using MreRepro.Models.Llama;
using static TorchSharp.torch;

namespace MreRepro.Models.Bench;

/// <summary>Measured throughput of one configuration.</summary>
public sealed record Throughput(string Engine, double ForwardTokensPerSecond, double TrainTokensPerSecond);

/// <summary>What the PyTorch eager twin measured: its throughput, its fp32 GEMM peak, and the BLAS library it loaded.</summary>
public sealed record PyTorchFigures(Throughput Throughput, double? GemmGflops, string Blas)
{
    /// <summary>Debian's reference BLAS (netlib), which makes python3-torch's and numpy's matmuls many times slower.</summary>
    public bool ReferenceBlas => Blas.Split(',').Any(p => p.Contains("/blas/libblas.so", StringComparison.Ordinal));
}

/// <summary>
/// Forward and forward+backward tokens per second of a LLaMA configuration on random tokens, after warm-up;
/// the PyTorch eager figures come from bench_llama.py run by Debian's python3 on the same machine, same dims.
/// </summary>
public static class ModelBenchmark
{
    /// <summary>
    /// Floating-point operations of one forward pass per token of a sequence of <paramref name="length"/> tokens:
    /// 2 per multiply-add of every projection (q, k, v, o, gate, up, down, the LM head) and of attention's QK^T and AV
    /// over the whole length (the implementation computes the full score matrix); norms, RoPE and softmax are left out.
    /// A training step (forward and backward) is counted as three forward passes, as usual.
    /// </summary>
    public static double ForwardFlopsPerToken(LlamaConfig config, int length)
    {
        double h = config.HiddenSize, d = config.HeadDim, heads = config.NumAttentionHeads, kv = config.KeyValueHeads;
        var projections = 2 * h * (heads * d + 2 * kv * d) + 2 * heads * d * h + 3 * 2 * h * config.IntermediateSize;
        var attention = 2 * 2 * length * heads * d;
        return config.NumHiddenLayers * (projections + attention) + 2 * h * config.VocabSize;
    }

    /// <summary>
    /// This CPU's fp32 GEMM peak as LibTorch reaches it: the best GFLOP/s of a few n x n by n x n matrix products
    /// (2 n^3 operations each) with the given thread count.
    /// </summary>
    public static double MeasureGemmPeak(int threads, int n = 2048, int repeats = 5)
    {
        set_num_threads(threads);
        manual_seed(0);
        using var a = randn(n, n);
        using var b = randn(n, n);
        using (matmul(a, b)) { }
        var best = 0.0;
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            using (matmul(a, b)) { }
            best = Math.Max(best, 2.0 * n * n * n / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

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
    public static (PyTorchFigures? Result, string Note) MeasurePyTorch(string script, LlamaConfig config, int batch, int length, int iterations, int threads)
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
        var lines = output.Trim().Split('\n');
        var parts = lines[0].Trim().Split(' ');
        var throughput = new Throughput("PyTorch eager", double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
        string? Field(string key) => lines.Skip(1).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
        double? gemm = Field("gemm") is { } g ? double.Parse(g, CultureInfo.InvariantCulture) : null;
        return (new PyTorchFigures(throughput, gemm, Field("blas") ?? "unknown"), "");
    }
}
