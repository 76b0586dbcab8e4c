using MreRepro.Stages.Parameters;
using MreRepro.Stages.TrainingRuns;
using MreRepro.Training.Schedules;

namespace MreRepro.Stages.Tests.Parameters;

/// <summary>params.yaml is read once into typed values; a bad value fails with params.yaml:LINE:COL, the key and what is allowed.</summary>
public sealed class ParametersFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mre-params-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("  model:\n    source: small\n", "    device: cpu\n", "    device: gpu\n", "smoke.model.device: 'gpu' is not allowed (allowed: cpu, cuda)")]
    [InlineData("  model:\n    source: small\n", "    dtype: float32\n", "    dtype: bf16\n", "smoke.model.dtype: 'bf16' is not allowed (allowed: float32, float16, bfloat16)")]
    [InlineData("  finetune:\n", "    schedule: linear\n", "    schedule: cosine\n", "smoke.finetune.schedule: 'cosine' is not allowed (allowed: linear, constant)")]
    [InlineData("  saliency:\n", "    loss: full\n", "    loss: label\n", "smoke.saliency.loss: 'label' is not allowed (allowed: full, labels)")]
    [InlineData("  verbalizer:\n", "    multi_token: first\n", "    multi_token: avg\n", "smoke.verbalizer.multi_token: 'avg' is not allowed (allowed: first, mean, max)")]
    [InlineData("  model:\n    source: small\n", "    hidden_size: 48\n", "    hidden_size: -48\n", "smoke.model.hidden_size: -48 is out of range (allowed: 1 or more)")]
    [InlineData("  saliency:\n", "    samples: 8\n", "    samples: -8\n", "smoke.saliency.samples: -8 is out of range (allowed: 1 or more)")]
    [InlineData("  finetune:\n", "    seeds: [42]\n", "    seeds: []\n", "smoke.finetune.seeds: [] has too few values (allowed: at least 1)")]
    [InlineData("  split:\n", "    method: pandas\n", "    method: pandsa\n", "smoke.split.method: 'pandsa' is not allowed (allowed: pandas, numpy, python)")]
    [InlineData("  finetune:\n", "      dropout: 0.0\n", "      dropout: 1.5\n", "smoke.finetune.lora.dropout: 1.5 is out of range (allowed: 0 to 1)")]
    public void Should_name_the_line_the_key_and_the_allowed_values_of_a_bad_value(string section, string from, string to, string expected)
    {
        var (path, line, column) = WriteWith(section, from, to);
        var error = Assert.Throws<ParametersException>(() => ParametersFile.Load(path, "smoke"));
        Assert.Equal($"{path}:{line}:{column}: {expected}", error.Message);
    }

    [Fact]
    public void Should_list_the_profiles_when_the_profile_is_missing()
    {
        var path = Path.Combine(_folder, "params.yaml");
        File.Copy(Committed, path);
        var error = Assert.Throws<ParametersException>(() => ParametersFile.Load(path, "smok"));
        Assert.Equal($"{path}:1:1: no profile 'smok' (allowed: smoke, default, sweep, paper)", error.Message);
    }

    [Fact]
    public void Should_read_every_profile_of_the_committed_file()
    {
        foreach (var profile in new[] { "smoke", "default", "paper" })
        {
            Assert.NotNull(ParametersFile.Load(Committed, profile));
        }
        var paper = ParametersFile.Load(Committed, "paper");
        Assert.Equal(ComputeDevice.Cuda, paper.Model.Device);
        Assert.Equal(ModelDtype.BFloat16, paper.Model.Dtype);
        Assert.Equal(ModelSource.Checkpoint, paper.T5.Source);
    }

    [Fact]
    public void Should_keep_the_hyper_parameters_that_were_constants_in_the_stages()
    {
        // Values the stages used as constants before they moved into params.yaml; outputs depend on them.
        var p = ParametersFile.Load(Committed, "default");
        var t5 = TrainerSettings.Options(p.T5, p.T5.Seed, "unused");
        Assert.Equal((10L, 1.0, ScheduleKind.Linear, 0.0), (t5.WarmupSteps, t5.MaxGradNorm, t5.Schedule, t5.WeightDecay));
        var pretrain = TrainerSettings.Options(p.Pretrain, p.Pretrain.Seed, "unused");
        Assert.Equal((1.0, ScheduleKind.Linear, 0.0, 1), (pretrain.MaxGradNorm, pretrain.Schedule, pretrain.WeightDecay, pretrain.GradientAccumulation));
        Assert.Equal((128, 0.01, 1.0), (p.Verbalizer.MaxLength, p.Verbalizer.WeightDecay, p.Verbalizer.MaxGradNorm));
    }

    private static string Committed => Path.Combine(RepositoryRoot.Path, ParametersFile.DefaultPath);

    /// <summary>The committed params.yaml with <paramref name="from"/> (the first one after the smoke profile's <paramref name="section"/>) replaced; where the new value starts.</summary>
    private (string Path, int Line, int Column) WriteWith(string section, string from, string to)
    {
        var text = File.ReadAllText(Committed).ReplaceLineEndings("\n");
        var at = text.IndexOf(from, text.IndexOf(section, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(at >= 0, $"{from.Trim()} not found under {section.Trim()}");
        text = text[..at] + to + text[(at + from.Length)..];
        var path = Path.Combine(_folder, "params.yaml");
        File.WriteAllText(path, text);
        var line = text[..at].Count(c => c == '\n') + 1;
        var column = to.IndexOf(':', StringComparison.Ordinal) + 3;
        return (path, line, column);
    }
}
