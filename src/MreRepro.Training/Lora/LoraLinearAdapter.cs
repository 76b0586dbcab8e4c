using MreRepro.Models.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MreRepro.Training.Lora;

/// <summary>
/// The low-rank path of one adapted Linear: y = W x + b + scaling · B(A(dropout(x))).
/// Added through a forward hook, because TorchSharp's Linear is sealed and parents call it through typed fields,
/// so the Linear itself stays in place and keeps its tensor names.
/// </summary>
internal sealed class LoraLinearAdapter
{
    internal const string AName = "lora_A";
    internal const string BName = "lora_B";
    internal const string DropoutName = "lora_dropout";

    private readonly nn.Module<Tensor, Tensor> _dropout;
    private readonly nn.HookableModule<Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>, Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>>.HookRemover _hook;

    public LoraLinearAdapter(string name, Linear target, LoraOptions options)
    {
        Name = name;
        Target = target;
        Scaling = options.Scaling;
        var weight = target.weight!;
        var outFeatures = weight.shape[0];
        var inFeatures = weight.shape[1];
        A = nn.Linear(inFeatures, options.Rank, hasBias: false, device: weight.device, dtype: weight.dtype);
        B = nn.Linear(options.Rank, outFeatures, hasBias: false, device: weight.device, dtype: weight.dtype);
        using (no_grad())
        {
            // PEFT's init: A kaiming-uniform with a = sqrt(5), B zeros, so a fresh adapter changes nothing.
            nn.init.kaiming_uniform_(A.weight!, Math.Sqrt(5));
            nn.init.zeros_(B.weight!);
        }

        _dropout = options.Dropout > 0 ? nn.Dropout(options.Dropout) : nn.Identity();

        // New modules start in training mode; follow the target so a model already in eval() gets no adapter dropout.
        _dropout.train(target.training);
        target.register_module(AName, A);
        target.register_module(BName, B);
        target.register_module(DropoutName, _dropout);
        _hook = target.register_forward_hook((_, input, output) =>
        {
            Calls++;
            return output.Plus(B.call(A.call(_dropout.call(input))) * LiveScalars.Of(Scaling));
        });
    }

    public string Name { get; }

    public Linear Target { get; }

    public Linear A { get; }

    public Linear B { get; }

    public double Scaling { get; }

    /// <summary>Forward calls seen; zero after a model forward means the model bypasses hooks by calling <c>forward</c> directly.</summary>
    public long Calls { get; set; }

    /// <summary>Folds scaling · B · A into the base weight, then removes hook and adapter modules.</summary>
    public void Merge()
    {
        using (no_grad())
        {
            using var delta = B.weight!.matmul(A.weight!) * LiveScalars.Of(Scaling);
            Target.weight!.PlusInPlace(delta);
        }

        Remove();
    }

    /// <summary>Removes hook and adapter modules without changing the base weight.</summary>
    public void Remove()
    {
        _hook.remove();
        Target.register_module(AName, null!);
        Target.register_module(BName, null!);
        Target.register_module(DropoutName, null!);
        A.Dispose();
        B.Dispose();
        _dropout.Dispose();
    }
}
