using MreRepro.Training.Optimization;
using MreRepro.Training.Schedules;
using MreRepro.Training.Tests.Fixtures;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MreRepro.Training.Tests.Optimization;

public sealed class ScheduledAdamWTests
{
    // Ours replaces TorchSharp's AdamW (whose step hands libtorch scalars nothing keeps alive); the trained weights
    // of every run so far came from TorchSharp's, so ours must reproduce them bit for bit.
    [Fact]
    public void Should_update_bit_for_bit_as_torchsharps_adamw()
    {
        var options = new AdamWOptions { LearningRate = 3e-2, WeightDecay = 0.1 };
        var schedule = new LearningRateSchedule(3e-2, 2, 8, ScheduleKind.Linear);
        random.manual_seed(7);
        using var x = randn(16, 3);
        using var y = randn(16, 1);
        random.manual_seed(3);
        using var ours = new TinyRegressor(3, 4);
        random.manual_seed(3);
        using var theirs = new TinyRegressor(3, 4);

        var before = SyntheticData.Snapshot(ours);
        using var optimizer = OptimizerFactory.CreateAdamW(ours, options);
        var plan = OptimizerFactory.PlanGroups(theirs, options);
        var parameters = theirs.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var reference = new AdamW(
            plan.Select(g => new AdamW.ParamGroup(g.ParameterNames.Select(n => parameters[n]),
                new AdamW.Options { LearningRate = g.BaseLearningRate, InitialLearningRate = g.BaseLearningRate, weight_decay = g.WeightDecay })),
            options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);

        for (var step = 0; step < 6; step++)
        {
            optimizer.ApplySchedule(schedule, step);
            foreach (var (group, lr) in reference.ParamGroups.Zip(optimizer.LearningRates))
                group.LearningRate = lr;
            optimizer.ZeroGrad();
            reference.zero_grad();
            using (var loss = nn.functional.mse_loss(ours.call(x), y))
                loss.backward();
            using (var loss = nn.functional.mse_loss(theirs.call(x), y))
                loss.backward();
            optimizer.Step();
            reference.step();
        }

        var trained = ours.named_parameters().ToList();
        Assert.Equal(4, trained.Count);
        foreach (var (name, parameter) in trained)
        {
            Assert.False(parameter.equal(before[name]).all().item<bool>(), $"{name} did not change: the comparison would prove nothing");
            Assert.True(parameter.equal(parameters[name]).all().item<bool>(), $"{name} differs from TorchSharp's AdamW after 6 steps");
        }
    }

    [Fact]
    public void Should_refuse_state_saved_for_other_parameters()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("optimizer.bin");
        random.manual_seed(1);
        using var model = new TinyRegressor(3, 4);
        using (var saved = OptimizerFactory.CreateAdamW(model, new AdamWOptions()))
            saved.Save(path);

        using var same = OptimizerFactory.CreateAdamW(model, new AdamWOptions());
        same.Load(path);
        using var wide = new TinyRegressor(3, 5);
        using var widened = OptimizerFactory.CreateAdamW(wide, new AdamWOptions());
        Assert.Throws<ArgumentException>(() => widened.Load(path));
        using var partlyFrozen = new TinyRegressor(3, 4);
        partlyFrozen.named_parameters().First().parameter.requires_grad = false;
        using var fewer = OptimizerFactory.CreateAdamW(partlyFrozen, new AdamWOptions());
        Assert.Contains("4 parameters' state, the optimizer has 3", Assert.Throws<InvalidDataException>(() => fewer.Load(path)).Message);
        File.WriteAllBytes(path, [2, 0, 0, 0]);
        Assert.Contains("format 2", Assert.Throws<InvalidDataException>(() => same.Load(path)).Message);
    }
}
