using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MreRepro.Training.Optimization;

/// <summary>Builds AdamW over a module's trainable parameters with decay / no-decay / custom parameter groups.</summary>
public static class OptimizerFactory
{
    /// <summary>Plans the groups without creating an optimizer: custom rules first, then "decay" and "no_decay"; frozen parameters and empty groups are left out.</summary>
    public static IReadOnlyList<ParameterGroupInfo> PlanGroups(nn.Module model, AdamWOptions options)
        => Split(model, options).Select(g => g.Info).ToList();

    /// <summary>Creates the optimizer; parameter order inside each group follows <c>named_parameters()</c>, which keeps saved optimizer state aligned.</summary>
    public static ScheduledAdamW CreateAdamW(nn.Module model, AdamWOptions options)
    {
        var groups = Split(model, options);
        if (groups.Count == 0)
            throw new TrainingException("The model has no trainable parameters (all have requires_grad = false); nothing to optimize.");

        return new ScheduledAdamW(groups, options);
    }

    private static List<(ParameterGroupInfo Info, List<Parameter> Parameters)> Split(nn.Module model, AdamWOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var rules = options.ExtraGroups;
        var custom = rules.Select(_ => (Names: new List<string>(), Parameters: new List<Parameter>())).ToList();
        var decay = (Names: new List<string>(), Parameters: new List<Parameter>());
        var noDecay = (Names: new List<string>(), Parameters: new List<Parameter>());

        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!parameter.requires_grad)
                continue;
            var rule = -1;
            for (var i = 0; i < rules.Count && rule < 0; i++)
            {
                if (rules[i].Matches(name))
                    rule = i;
            }

            var target = rule >= 0 ? custom[rule] : options.NoDecay(name) ? noDecay : decay;
            target.Names.Add(name);
            target.Parameters.Add(parameter);
        }

        var result = new List<(ParameterGroupInfo, List<Parameter>)>();
        for (var i = 0; i < rules.Count; i++)
        {
            if (custom[i].Parameters.Count > 0)
                result.Add((new ParameterGroupInfo(rules[i].Name, custom[i].Names, rules[i].LearningRate, rules[i].WeightDecay, rules[i].FollowsSchedule), custom[i].Parameters));
        }

        if (decay.Parameters.Count > 0)
            result.Add((new ParameterGroupInfo("decay", decay.Names, options.LearningRate, options.WeightDecay, true), decay.Parameters));
        if (noDecay.Parameters.Count > 0)
            result.Add((new ParameterGroupInfo("no_decay", noDecay.Names, options.LearningRate, 0.0, true), noDecay.Parameters));
        return result;
    }
}
