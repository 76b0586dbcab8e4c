using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Training.Checkpoints;

/// <summary>
/// A copy of the trainable parameters at the best epoch so far (frozen ones do not change, so they are not copied), put
/// back into the model when training ends; saved beside a checkpoint (best.bin) so a resumed run keeps it.
/// </summary>
internal sealed class BestWeights : IDisposable
{
    internal const string FileName = "best.bin";

    private readonly List<(string Name, TorchSharp.Modules.Parameter Parameter)> _parameters;
    private readonly Dictionary<string, Tensor> _copies = new(StringComparer.Ordinal);

    public BestWeights(nn.Module model)
    {
        _parameters = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter)).ToList();
    }

    /// <summary>Copies the model's trainable parameters as they are now.</summary>
    public void Capture()
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in _parameters)
        {
            var copy = parameter.detach().clone();
            copy.DetachFromDisposeScope();
            if (_copies.Remove(name, out var old))
                old.Dispose();
            _copies[name] = copy;
        }
    }

    /// <summary>Puts the captured values back into the model (nothing when none were captured).</summary>
    public void Restore()
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in _parameters)
        {
            if (_copies.TryGetValue(name, out var copy))
                parameter.copy_(copy);
        }
    }

    public void Save(string folder)
    {
        using var writer = new BinaryWriter(File.Create(Path.Combine(folder, FileName)));
        writer.Write(_copies.Count);
        foreach (var (name, _) in _parameters.Where(p => _copies.ContainsKey(p.Name)))
        {
            writer.Write(name);
            _copies[name].Save(writer);
        }
    }

    public void Load(string checkpoint)
    {
        var path = Path.Combine(checkpoint, FileName);
        if (!File.Exists(path))
            throw new TrainingException($"Checkpoint {checkpoint} records a best epoch but has no {FileName}; delete the checkpoint folder to start afresh.");
        using var reader = new BinaryReader(File.OpenRead(path));
        var count = reader.ReadInt32();
        var byName = _parameters.ToDictionary(p => p.Name, p => p.Parameter, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            if (!byName.TryGetValue(name, out var parameter))
                throw new TrainingException($"Checkpoint best weights {path} hold '{name}', which is not a trainable parameter of the model being trained.");
            using var loaded = Tensor.Load(reader);
            if (!loaded.shape.SequenceEqual(parameter.shape))
                throw new TrainingException($"Checkpoint best weights {path}: '{name}' has shape [{string.Join(", ", loaded.shape)}], the model's is [{string.Join(", ", parameter.shape)}].");
            var copy = loaded.to(parameter.dtype, parameter.device).clone();
            copy.DetachFromDisposeScope();
            if (_copies.Remove(name, out var old))
                old.Dispose();
            _copies[name] = copy;
        }
    }

    public void Dispose()
    {
        foreach (var copy in _copies.Values)
            copy.Dispose();
        _copies.Clear();
    }
}
