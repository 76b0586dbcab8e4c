using MreRepro.Models.Tensors;
using MreRepro.Training.Schedules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MreRepro.Training.Optimization;

/// <summary>
/// AdamW (decoupled weight decay; PyTorch's <c>torch.optim.AdamW</c> without amsgrad) over planned parameter groups,
/// each group's learning rate set per step by a schedule.
/// <para>
/// Written here instead of using TorchSharp's AdamW, whose step makes a <see cref="Scalar"/> by implicit conversion for
/// each term of each parameter's update: scalars nothing keeps alive, which a garbage collection on another thread can
/// free while libtorch reads them (see <see cref="LiveArithmetic"/>). Here every scalar is a constant from
/// <see cref="LiveScalars"/> or held by <c>using var</c> until libtorch has read it. The update runs the same libtorch
/// operations, in the same order and with the same double arithmetic, as TorchSharp 0.107's <c>AdamW.step</c>, so
/// trained weights are bit-identical to it (a test compares the two).
/// </para>
/// </summary>
public sealed class ScheduledAdamW : IDisposable
{
    private const int StateFormat = 1;

    private readonly Moments[][] _moments;
    private readonly double[] _rates;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;

    internal ScheduledAdamW(IReadOnlyList<(ParameterGroupInfo Info, List<Parameter> Parameters)> groups, AdamWOptions options)
    {
        if (options.LearningRate < 0 || options.Epsilon < 0 || options.Beta1 is < 0 or >= 1 || options.Beta2 is < 0 or >= 1)
            throw new TrainingException($"AdamW needs lr >= 0, eps >= 0 and betas in [0, 1); got lr {options.LearningRate}, eps {options.Epsilon}, betas ({options.Beta1}, {options.Beta2}).");
        if (groups.Any(g => g.Info.WeightDecay < 0))
            throw new TrainingException("AdamW needs weight decay >= 0.");
        Groups = groups.Select(g => g.Info).ToList();
        Parameters = groups.SelectMany(g => g.Parameters).ToList();
        _moments = groups.Select(g => g.Parameters.Select(p => new Moments(p)).ToArray()).ToArray();
        _rates = Groups.Select(g => g.BaseLearningRate).ToArray();
        (_beta1, _beta2, _epsilon) = (options.Beta1, options.Beta2, options.Epsilon);
    }

    /// <summary>Groups in the optimizer's order.</summary>
    public IReadOnlyList<ParameterGroupInfo> Groups { get; }

    /// <summary>All optimized (trainable) parameters, in group order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Each group's learning rate for the next step, in group order.</summary>
    public IReadOnlyList<double> LearningRates => _rates;

    /// <summary>Sets every group's lr for optimizer step <paramref name="step"/>; returns the lr of the first scheduled group.</summary>
    public double ApplySchedule(LearningRateSchedule schedule, long step)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var multiplier = schedule.Multiplier(step);
        double? reported = null;
        for (var i = 0; i < Groups.Count; i++)
        {
            var info = Groups[i];
            _rates[i] = info.FollowsSchedule ? info.BaseLearningRate * multiplier : info.BaseLearningRate;
            if (info.FollowsSchedule)
                reported ??= _rates[i];
        }

        return reported ?? schedule.PeakLearningRate * multiplier;
    }

    /// <summary>Zeroes every parameter's gradient (in place, as TorchSharp's optimizers do; a missing one stays missing).</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in Parameters)
        {
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    /// <summary>One AdamW update of every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var one = LiveScalars.Of(1L);
        var beta1 = LiveScalars.Of(_beta1);
        var beta2 = LiveScalars.Of(_beta2);
        var oneMinusBeta1 = LiveScalars.Of(1 - _beta1);
        var oneMinusBeta2 = LiveScalars.Of(1 - _beta2);
        var epsilon = LiveScalars.Of(_epsilon);
        for (var g = 0; g < Groups.Count; g++)
        {
            var lr = _rates[g];
            using var decay = (1 - lr * Groups[g].WeightDecay).ToScalar();
            foreach (var m in _moments[g])
            {
                using var grad = m.Parameter.grad;
                if (grad is null)
                    continue;
                m.Steps += 1;
                m.Parameter.mul_(decay);
                var biasCorrection1 = 1 - Math.Pow(_beta1, m.Steps);
                var biasCorrection2 = 1 - Math.Pow(_beta2, m.Steps);
                m.Average.mul_(beta1).add_(grad, oneMinusBeta1);
                m.SquaredAverage.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
                using var rootCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
                using var root = m.SquaredAverage.sqrt();
                using var denominator = root.div(rootCorrection2).add_(epsilon, one);
                using var stepSize = (-(lr / biasCorrection1)).ToScalar();
                m.Parameter.addcdiv_(m.Average, denominator, stepSize);
            }
        }
    }

    /// <summary>Writes the moments and step counts (a checkpoint's optimizer.bin).</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write(StateFormat);
        writer.Write(_moments.Sum(g => g.Length));
        foreach (var m in _moments.SelectMany(g => g))
        {
            writer.Write(m.Steps);
            m.Average.Save(writer);
            m.SquaredAverage.Save(writer);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote; the parameters must be the same, in the same order.</summary>
    public void Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var format = reader.ReadInt32();
        if (format != StateFormat)
            throw new InvalidDataException($"optimizer state format {format}, expected {StateFormat}");
        var count = reader.ReadInt32();
        var all = _moments.SelectMany(g => g).ToList();
        if (count != all.Count)
            throw new InvalidDataException($"{count} parameters' state, the optimizer has {all.Count}");
        foreach (var m in all)
        {
            m.Steps = reader.ReadInt64();
            m.Average.Load(reader);
            m.SquaredAverage.Load(reader);
        }
    }

    public void Dispose()
    {
        foreach (var m in _moments.SelectMany(g => g))
        {
            m.Average.Dispose();
            m.SquaredAverage.Dispose();
        }
    }

    /// <summary>One parameter's running averages of the gradient and its square, and its count of updates.</summary>
    private sealed class Moments(Parameter parameter)
    {
        public Parameter Parameter { get; } = parameter;

        public Tensor Average { get; } = zeros_like(parameter).DetachFromDisposeScope();

        public Tensor SquaredAverage { get; } = zeros_like(parameter).DetachFromDisposeScope();

        public long Steps { get; set; }
    }
}
