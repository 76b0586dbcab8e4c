using MreRepro.Training.Optimization;
using MreRepro.Training.Schedules;
using MreRepro.Training.Tests.Fixtures;
using static TorchSharp.torch;

namespace MreRepro.Training.Tests.Optimization;

public sealed class OptimizerFactoryTests
{
    [Fact]
    public void Should_exempt_bias_and_norm_parameters_from_weight_decay_by_default()
    {
        random.manual_seed(1);
        using var model = new TinyLm(SyntheticData.Vocab, 8, 0.0);

        var groups = OptimizerFactory.PlanGroups(model, new AdamWOptions { LearningRate = 1e-3, WeightDecay = 0.01 });

        var decay = Assert.Single(groups, g => g.Name == "decay");
        var noDecay = Assert.Single(groups, g => g.Name == "no_decay");
        Assert.Equal(["embed_tokens.weight", "block.q_proj.weight", "block.v_proj.weight", "lm_head.weight"], decay.ParameterNames);
        Assert.Equal(["block.q_proj.bias", "block.v_proj.bias", "block.norm.weight", "block.norm.bias"], noDecay.ParameterNames);
        Assert.Equal(0.01, decay.WeightDecay);
        Assert.Equal(0.0, noDecay.WeightDecay);
    }

    [Fact]
    public void Should_decay_lowercase_norms_under_the_kpt_rule()
    {
        var kpt = WeightDecayExclusion.BiasAndLayerNorm;

        Assert.False(kpt("encoder.block.0.layer.0.layer_norm.weight"));
        Assert.True(kpt("bert.encoder.LayerNorm.weight"));
        Assert.True(kpt("q.bias"));
        Assert.True(WeightDecayExclusion.BiasAndNorm("model.layers.0.input_layernorm.weight"));
    }

    [Fact]
    public void Should_leave_frozen_parameters_out_and_honour_extra_groups()
    {
        random.manual_seed(1);
        using var model = new TinyLm(SyntheticData.Vocab, 8, 0.0);
        foreach (var (name, p) in model.named_parameters())
        {
            if (name.StartsWith("embed_tokens", StringComparison.Ordinal))
                p.requires_grad = false;
        }

        var options = new AdamWOptions
        {
            LearningRate = 1e-3,
            WeightDecay = 0.01,
            ExtraGroups = [new ParameterGroupRule("head", n => n.StartsWith("lm_head", StringComparison.Ordinal), 5e-2, 0.0, FollowsSchedule: false)],
        };
        using var optimizer = OptimizerFactory.CreateAdamW(model, options);

        Assert.Equal(["head", "decay", "no_decay"], optimizer.Groups.Select(g => g.Name));
        Assert.DoesNotContain(optimizer.Groups.SelectMany(g => g.ParameterNames), n => n.StartsWith("embed_tokens", StringComparison.Ordinal));

        var lr = optimizer.ApplySchedule(new LearningRateSchedule(1e-3, 10, 100, ScheduleKind.Linear), 5);
        var rates = optimizer.LearningRates.ToList();
        Assert.Equal(5e-4, lr, tolerance: 1e-18);
        Assert.Equal([5e-2, 5e-4, 5e-4], rates);
    }

    [Fact]
    public void Should_shrink_only_decayed_weights_when_gradients_are_zero()
    {
        random.manual_seed(2);
        using var model = new TinyRegressor(3, 4);
        var before = SyntheticData.Snapshot(model);
        using var optimizer = OptimizerFactory.CreateAdamW(model, new AdamWOptions { LearningRate = 0.1, WeightDecay = 0.5 });

        using (var loss = model.parameters().Select(p => p.sum() * 0.0).Aggregate((a, b) => a + b))
            loss.backward();
        optimizer.Step();

        foreach (var (name, p) in model.named_parameters())
        {
            var expected = name.EndsWith("bias", StringComparison.Ordinal) ? before[name] : before[name] * (1 - (0.1 * 0.5));
            Assert.True(p.allclose(expected, rtol: 0, atol: 1e-7), $"{name} should be {(name.EndsWith("bias", StringComparison.Ordinal) ? "unchanged" : "scaled by 1 - lr*wd")}");
        }
    }
}
