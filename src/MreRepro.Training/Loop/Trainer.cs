using System.Diagnostics;
using MreRepro.Training.Checkpoints;
using MreRepro.Training.Optimization;
using MreRepro.Training.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Training.Loop;

/// <summary>
/// A model-agnostic supervised loop: per epoch a seeded shuffle of the examples, micro-batches of <see cref="TrainerOptions.BatchSize"/>,
/// gradient accumulation weighted by examples (so the update equals one large batch for per-example mean losses), optional clipping,
/// AdamW with a warmup schedule, and atomic checkpoints from which an interrupted run resumes.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly nn.Module _model;
    private readonly TrainerOptions _options;

    /// <summary>Creates the optimizer over the model's currently trainable parameters (apply LoRA / freezing first); use one trainer per run.</summary>
    public Trainer(nn.Module model, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _model = model;
        _options = options;
        Optimizer = OptimizerFactory.CreateAdamW(model, options.ToAdamW());
    }

    public ScheduledAdamW Optimizer { get; }

    /// <summary>Optimizer steps per epoch for <paramref name="exampleCount"/> examples: ⌈⌈N / batch⌉ / accumulation⌉ (a short last step keeps the leftovers).</summary>
    public static long StepsPerEpoch(int exampleCount, int batchSize, int gradientAccumulation)
    {
        var microBatches = (exampleCount + batchSize - 1) / batchSize;
        return (microBatches + gradientAccumulation - 1) / gradientAccumulation;
    }

    /// <summary>
    /// Trains on <paramref name="examples"/> in the epochs and order given by the options; <paramref name="lossOfBatch"/> returns the scalar mean loss of a
    /// micro-batch, scaled by the micro-batch's share of the step's weight: its example count by default, or <paramref name="lossWeight"/>
    /// (e.g. answer-token counts, which turns micro-batch token means into the token mean of the whole step). Resumes from the newest checkpoint when asked.
    /// With <paramref name="validation"/>, the held-out loss is computed after every epoch, the best epoch's weights are put back at the
    /// end and training stops once its patience runs out (see <see cref="EpochValidation"/>).
    /// Leaves the model in train mode; cancellation throws <see cref="OperationCanceledException"/> between optimizer steps, losing only
    /// the steps after the last checkpoint.
    /// </summary>
    public TrainingRunSummary Train<TExample>(
        IReadOnlyList<TExample> examples,
        Func<IReadOnlyList<TExample>, Tensor> lossOfBatch,
        Func<IReadOnlyList<TExample>, long>? tokenCount = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default,
        Func<IReadOnlyList<TExample>, double>? lossWeight = null,
        EpochValidation? validation = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(lossOfBatch);
        if (examples.Count == 0)
            throw new TrainingException("Training needs at least one example; the example list is empty.");

        var wall = Stopwatch.StartNew();
        var options = _options;
        var stepsPerEpoch = StepsPerEpoch(examples.Count, options.BatchSize, options.GradientAccumulation);
        var totalSteps = stepsPerEpoch * options.Epochs;
        var schedule = new LearningRateSchedule(options.LearningRate, options.WarmupSteps, totalSteps, options.Schedule);
        if (validation is { Patience: < 0 })
            throw new TrainingException($"Validation patience must be >= 0 (0 = no early stopping), got {validation.Patience}.");
        var fingerprint = Fingerprint(examples.Count, totalSteps, validation);
        var store = options.CheckpointDir is null ? null : new CheckpointStore(options.CheckpointDir);
        var skip = options.CheckpointFrozenParameters
            ? new List<string>()
            : _model.named_parameters().Where(p => !p.parameter.requires_grad).Select(p => p.name).ToList();

        var state = new TrainerState { Run = fingerprint };
        using var best = validation is null ? null : new BestWeights(_model);
        string? resumedFrom = null;
        store?.RemoveIncomplete();
        var latest = options.Resume ? store?.FindLatest() : null;
        if (latest is not null)
        {
            state = CheckpointStore.ReadState(latest);
            var differences = state.Run.Differences(fingerprint);
            if (differences.Count > 0)
                throw new TrainingException($"Cannot resume from {latest}: the run settings changed ({string.Join("; ", differences)}). Use a new checkpoint folder or restore the settings.");
            CheckpointStore.Restore(latest, _model, Optimizer, skip);
            if (validation is not null && state.BestEpoch is not null)
                best!.Load(latest);
            resumedFrom = latest;
            progress?.Report(new TrainingProgress(TrainingEvent.Resumed, Math.Min(state.Epoch + 1, options.Epochs), options.Epochs, state.GlobalStep, totalSteps, state.LastLoss ?? double.NaN, schedule.LearningRate(state.GlobalStep), double.NaN, 0, latest));
        }
        else
        {
            TrainingDeterminism.Seed(options.Seed);
        }

        var resumedStep = state.GlobalStep;
        var globalStep = state.GlobalStep;
        double? lastLoss = state.LastLoss;
        double? lastEpochMean = state.LastEpochMeanLoss;
        string? lastCheckpoint = resumedFrom;
        var tokensBefore = state.Tokens;
        long tokens = 0;   // this run's, for throughput
        var compute = new Stopwatch();
        double Throughput() => compute.Elapsed.TotalSeconds > 0 ? tokens / compute.Elapsed.TotalSeconds : 0;

        var history = state.EpochLosses.ToList();
        var bestEpoch = state.BestEpoch;
        var stoppedEarly = false;
        _model.train();
        for (var epoch = state.Epoch; epoch < options.Epochs; epoch++)
        {
            if (validation is { Patience: > 0 } && bestEpoch is not null && history.Count - bestEpoch.Value >= validation.Patience)
            {
                stoppedEarly = true;
                break;
            }

            var order = options.Shuffle ? EpochShuffle.Order(examples.Count, options.Seed, epoch) : Enumerable.Range(0, examples.Count).ToArray();
            var resumedEpoch = epoch == state.Epoch;
            var firstStep = resumedEpoch ? state.StepInEpoch : 0;
            var epochLoss = resumedEpoch ? state.EpochLossSum : 0;
            var epochSteps = resumedEpoch ? state.EpochLossSteps : 0;
            for (var stepInEpoch = firstStep; stepInEpoch < stepsPerEpoch; stepInEpoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                compute.Start();
                var (loss, lr, gradNorm, stepTokens) = Step(examples, order, stepInEpoch, globalStep, schedule, lossOfBatch, tokenCount, lossWeight, epoch);
                compute.Stop();
                globalStep++;
                tokens += stepTokens;
                lastLoss = loss;
                epochLoss += loss;
                epochSteps++;
                progress?.Report(new TrainingProgress(TrainingEvent.Step, epoch + 1, options.Epochs, globalStep, totalSteps, loss, lr, gradNorm, Throughput(), null));

                var endOfEpoch = stepInEpoch == stepsPerEpoch - 1;
                if (endOfEpoch)
                {
                    var validationLoss = validation is null ? (double?)null : Validate(validation, epoch);
                    if (validationLoss is { } v && (bestEpoch is null || validation!.Improves(v, history[bestEpoch.Value - 1].ValidationLoss!.Value)))
                    {
                        bestEpoch = epoch + 1;
                        best!.Capture();
                    }

                    history.Add(new EpochLoss(epoch + 1, EpochMean(epochLoss, epochSteps, stepsPerEpoch), validationLoss));
                }

                var periodic = options.SaveEverySteps > 0 && globalStep % options.SaveEverySteps == 0;
                if (store is not null && ((endOfEpoch && options.SaveEveryEpoch) || periodic))
                {
                    var next = endOfEpoch
                        ? new TrainerState
                        {
                            GlobalStep = globalStep, Epoch = epoch + 1, StepInEpoch = 0, LastLoss = loss, Tokens = tokensBefore + tokens,
                            LastEpochMeanLoss = EpochMean(epochLoss, epochSteps, stepsPerEpoch) ?? lastEpochMean, Run = fingerprint,
                            EpochLosses = history.ToList(), BestEpoch = bestEpoch,
                        }
                        : new TrainerState
                        {
                            GlobalStep = globalStep, Epoch = epoch, StepInEpoch = stepInEpoch + 1, LastLoss = loss, Tokens = tokensBefore + tokens,
                            EpochLossSum = epochLoss, EpochLossSteps = epochSteps, LastEpochMeanLoss = lastEpochMean, Run = fingerprint,
                            EpochLosses = history.ToList(), BestEpoch = bestEpoch,
                        };
                    lastCheckpoint = store.Save(next, _model, Optimizer, skip, options.KeepCheckpoints, best);
                    progress?.Report(new TrainingProgress(TrainingEvent.CheckpointSaved, epoch + 1, options.Epochs, globalStep, totalSteps, loss, lr, gradNorm, Throughput(), lastCheckpoint));
                }
            }

            lastEpochMean = EpochMean(epochLoss, epochSteps, stepsPerEpoch) ?? lastEpochMean;
            progress?.Report(new TrainingProgress(TrainingEvent.EpochEnd, epoch + 1, options.Epochs, globalStep, totalSteps, lastLoss ?? double.NaN, schedule.LearningRate(Math.Max(0, globalStep - 1)), double.NaN, Throughput(), lastCheckpoint));
        }

        // The model ends with the selected epoch's weights, so whatever is saved next is the chosen model.
        best?.Restore();
        return new TrainingRunSummary(
            globalStep,
            totalSteps,
            globalStep - resumedStep,
            options.Epochs,
            lastLoss,
            lastEpochMean,
            tokens,
            tokensBefore + tokens,
            tokenCount is null || compute.Elapsed.TotalSeconds <= 0 ? null : Throughput(),
            wall.Elapsed.TotalSeconds,
            resumedFrom,
            resumedFrom is null ? null : resumedStep,
            lastCheckpoint,
            history,
            bestEpoch,
            stoppedEarly);
    }

    // Known only when every step's loss of the epoch is (a checkpoint older than the epoch-loss fields lacks them).
    private static double? EpochMean(double lossSum, long steps, long stepsPerEpoch) =>
        steps > 0 && steps == stepsPerEpoch ? lossSum / steps : null;

    public void Dispose() => Optimizer.Dispose();

    // The held-out loss in eval mode without gradients (no dropout, no RNG drawn), so validating leaves training's bytes unchanged.
    private double Validate(EpochValidation validation, int epoch)
    {
        _model.eval();
        double loss;
        using (no_grad())
        using (NewDisposeScope())
            loss = validation.Loss();
        _model.train();
        if (!double.IsFinite(loss))
            throw new TrainingException(FormattableString.Invariant($"The validation loss became {loss} after epoch {epoch + 1}; lower the learning rate or check the validation examples."));
        return loss;
    }

    private (double Loss, double LearningRate, double GradNorm, long Tokens) Step<TExample>(
        IReadOnlyList<TExample> examples,
        int[] order,
        long stepInEpoch,
        long globalStep,
        LearningRateSchedule schedule,
        Func<IReadOnlyList<TExample>, Tensor> lossOfBatch,
        Func<IReadOnlyList<TExample>, long>? tokenCount,
        Func<IReadOnlyList<TExample>, double>? lossWeight,
        int epoch)
    {
        var batchSize = _options.BatchSize;
        var first = stepInEpoch * _options.GradientAccumulation * batchSize;
        var end = Math.Min(examples.Count, first + ((long)_options.GradientAccumulation * batchSize));
        var batches = new List<TExample[]>();
        for (var start = first; start < end; start += batchSize)
        {
            var batch = new TExample[(int)Math.Min(batchSize, end - start)];
            for (var i = 0; i < batch.Length; i++)
                batch[i] = examples[order[start + i]];
            batches.Add(batch);
        }

        var weights = batches.Select(b => lossWeight is null ? b.Length : lossWeight(b)).ToList();
        if (weights.Any(w => !(w >= 0) || double.IsInfinity(w)))
            throw new TrainingException($"Loss weights must be finite and >= 0; got {string.Join(", ", weights.Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture)))} at epoch {epoch + 1}, step {globalStep + 1}.");
        var totalWeight = weights.Sum();

        var lr = Optimizer.ApplySchedule(schedule, globalStep);
        Optimizer.ZeroGrad();
        double loss = 0;
        long tokens = 0;
        for (var m = 0; m < batches.Count; m++)
        {
            var batch = batches[m];
            using var scope = NewDisposeScope();
            var microLoss = lossOfBatch(batch);
            if (microLoss is null || microLoss.numel() != 1)
                throw new TrainingException($"The loss function must return a scalar tensor; got shape [{(microLoss is null ? "null" : string.Join(", ", microLoss.shape))}] at epoch {epoch + 1}, step {globalStep + 1}.");
            if (!microLoss.requires_grad)
                throw new TrainingException($"The loss at epoch {epoch + 1}, step {globalStep + 1} does not require grad: no trainable parameter took part in it.");
            var value = microLoss.to_type(ScalarType.Float64).item<double>();
            if (!double.IsFinite(value))
                throw new TrainingException(FormattableString.Invariant($"The loss became {value} at epoch {epoch + 1}, step {globalStep + 1} (lr {lr}); lower the learning rate or check the inputs."));
            var share = totalWeight > 0 ? weights[m] / totalWeight : 1.0 / batches.Count;
            // A varying value, so not a LiveScalars constant: `using` keeps it alive through the native calls.
            using var shareScalar = share.ToScalar();
            (microLoss.reshape() * shareScalar).backward();
            loss += value * share;
            if (tokenCount is not null)
                tokens += tokenCount(batch);
        }

        var gradNorm = double.NaN;
        if (_options.MaxGradNorm > 0)
        {
            using var scope = NewDisposeScope();
            gradNorm = nn.utils.clip_grad_norm_(Optimizer.Parameters, _options.MaxGradNorm, 2.0);
        }

        Optimizer.Step();
        return (loss, lr, gradNorm, tokens);
    }

    private RunFingerprint Fingerprint(int exampleCount, long totalSteps, EpochValidation? validation) => new()
    {
        ValidationPatience = validation?.Patience,
        ExampleCount = exampleCount,
        BatchSize = _options.BatchSize,
        GradientAccumulation = _options.GradientAccumulation,
        Epochs = _options.Epochs,
        TotalSteps = totalSteps,
        Seed = _options.Seed,
        Shuffle = _options.Shuffle,
        LearningRate = _options.LearningRate,
        WarmupSteps = _options.WarmupSteps,
        Schedule = _options.Schedule.ToString(),
        WeightDecay = _options.WeightDecay,
        MaxGradNorm = _options.MaxGradNorm,
    };
}
