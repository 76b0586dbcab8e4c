using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MreRepro.Training.Lora;

/// <summary>
/// LoRA applied to the Linear submodules of any TorchSharp module selected by name: the base model is frozen, only
/// <c>*.lora_A.weight</c> / <c>*.lora_B.weight</c> train, and <see cref="Merge"/> folds them back into plain Linear weights.
/// The model must call its Linears through <c>call(x)</c> (hooks run there), not <c>forward(x)</c>; <see cref="EnsureActive"/> checks that.
/// </summary>
public sealed class LoraAdapters
{
    private readonly List<LoraLinearAdapter> _adapters;
    private readonly List<(Parameter Parameter, bool RequiresGrad)> _frozen;

    private LoraAdapters(List<LoraLinearAdapter> adapters, List<(Parameter, bool)> frozen, LoraOptions options)
    {
        _adapters = adapters;
        _frozen = frozen;
        Options = options;
    }

    public LoraOptions Options { get; }

    /// <summary>Full names of the adapted Linear modules, in model order.</summary>
    public IReadOnlyList<string> AdaptedModules => _adapters.Select(a => a.Name).ToList();

    internal IReadOnlyList<LoraLinearAdapter> Adapters => _adapters;

    /// <summary>True after <see cref="Merge"/>.</summary>
    public bool IsMerged { get; private set; }

    /// <summary>Number of adapter parameters (A and B weights).</summary>
    public long TrainableParameterCount => _adapters.Sum(a => a.A.weight!.numel() + a.B.weight!.numel());

    /// <summary>Freezes every parameter of <paramref name="model"/> and attaches adapters to the matching Linear layers.</summary>
    public static LoraAdapters Apply(nn.Module model, LoraOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Rank <= 0)
            throw new TrainingException($"LoRA rank must be > 0, got {options.Rank}.");
        if (options.Dropout is < 0 or >= 1)
            throw new TrainingException($"LoRA dropout must be in [0, 1), got {options.Dropout.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");

        var targets = new List<(string Name, Linear Linear)>();
        foreach (var (name, module) in model.named_modules())
        {
            if (!options.IsTarget(name))
                continue;
            if (module is not Linear linear)
                throw new TrainingException($"LoRA target '{name}' is a {module.GetType().Name}, not a Linear layer.");
            if (module.named_children().Any(c => c.name == LoraLinearAdapter.AName))
                throw new TrainingException($"LoRA target '{name}' already has an adapter.");
            targets.Add((name, linear));
        }

        if (targets.Count == 0)
        {
            var sample = string.Join(", ", model.named_modules().Select(m => m.name).Take(12));
            throw new TrainingException($"LoRA found no Linear module whose name ends with {string.Join(" / ", options.TargetSuffixes)}; modules include: {sample}.");
        }

        var frozen = new List<(Parameter, bool)>();
        foreach (var (_, parameter) in model.named_parameters())
        {
            frozen.Add((parameter, parameter.requires_grad));
            parameter.requires_grad = false;
        }

        var adapters = targets.Select(t => new LoraLinearAdapter(t.Name, t.Linear, options)).ToList();
        return new LoraAdapters(adapters, frozen, options);
    }

    /// <summary>Throws when an adapter saw no forward call since the last check (the model bypassed <c>call</c>); then resets the counters.</summary>
    public void EnsureActive()
    {
        var silent = _adapters.Where(a => a.Calls == 0).Select(a => a.Name).ToList();
        foreach (var adapter in _adapters)
            adapter.Calls = 0;
        if (silent.Count > 0)
            throw new TrainingException($"LoRA adapters on {string.Join(", ", silent.Take(5))} were not used by the last forward pass; the model must invoke these Linear layers with call(x), not forward(x).");
    }

    /// <summary>Folds each adapter into its base weight, removes the adapter modules and restores the original requires_grad flags; the model then has its original tensor names and shapes.</summary>
    public void Merge()
    {
        if (IsMerged)
            throw new TrainingException("LoRA adapters were already merged.");
        foreach (var adapter in _adapters)
            adapter.Merge();
        foreach (var (parameter, requiresGrad) in _frozen)
            parameter.requires_grad = requiresGrad;
        IsMerged = true;
    }
}
