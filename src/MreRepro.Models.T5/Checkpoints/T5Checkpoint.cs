using System.Collections;
using MreRepro.Models.Checkpoints;
using MreRepro.Models.T5.Model;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using MreRepro.Files;

namespace MreRepro.Models.T5.Checkpoints;

/// <summary>What a T5 checkpoint folder holds and whether this implementation computes it as Hugging Face does.</summary>
public sealed record T5Inspection(string Folder, string ConfigPath, T5Config Config, IReadOnlyList<string> Files, string StoredDtype,
    IReadOnlyList<CheckpointFinding> Findings)
{
    public IEnumerable<CheckpointFinding> Refusals => Findings.Where(f => f.IsRefusal);

    public bool CanLoad => !Refusals.Any();

    /// <summary>"v1.0" (relu) or "v1.1" (gated-gelu).</summary>
    public string Version => T5Compatibility.Version(Config);

    /// <summary>Parameters of the model built from the config (a tied head counted once).</summary>
    public long ParameterCount => T5Compatibility.ExpectedTensors(Config).Values.Sum(s => s.Aggregate(1L, (a, b) => a * b));
}

/// <summary>
/// Loads and saves T5 models in the HF folder layout: config.json plus model.safetensors (or shards with
/// model.safetensors.index.json) or pytorch_model.bin. Loading is strict (see <see cref="T5Compatibility"/>).
/// </summary>
public static class T5Checkpoint
{
    public const string ConfigFile = "config.json";
    public const string SafetensorsFile = "model.safetensors";
    public const string PyTorchFile = "pytorch_model.bin";

    /// <summary>Reads the config and the weights and lists every refusal and warning; loads nothing into a model.</summary>
    public static T5Inspection Inspect(string directory, CheckpointLoadOptions? options = null)
    {
        var (inspection, state) = Read(directory, options ?? new CheckpointLoadOptions());
        Dispose(state);
        return inspection;
    }

    /// <summary>
    /// Builds the model from the config and fills it, failing with one line (folder, field or tensor) on any refusal.
    /// Parameters take the requested dtype, by default the stored one.
    /// </summary>
    public static T5ForConditionalGeneration Load(string directory, CheckpointLoadOptions options)
    {
        var (inspection, state) = Read(directory, options);
        try
        {
            var refusals = inspection.Refusals.ToList();
            if (refusals.Count > 0)
            {
                throw new T5CheckpointException(CheckpointFinding.ToException(refusals).Message);
            }
            foreach (var warning in inspection.Findings)
            {
                options.Note?.Invoke(warning.Line);
            }
            var model = new T5ForConditionalGeneration(inspection.Config);
            CopyInto(model, state, inspection.Files[0]);
            var dtype = options.Dtype ?? StoredScalarType(inspection.StoredDtype);
            if (dtype != ScalarType.Float32)
            {
                model.to(dtype);
            }
            if (options.Device is not null)
            {
                model.to(options.Device);
            }
            return model;
        }
        finally
        {
            Dispose(state);
        }
    }

    /// <summary>Loads config.json and the weights strictly; a null <paramref name="dtype"/> keeps the stored dtype.</summary>
    public static T5ForConditionalGeneration Load(string directory, Device? device = null, ScalarType? dtype = null) =>
        Load(directory, new CheckpointLoadOptions { Device = device, Dtype = dtype });

    /// <summary>Writes config.json and model.safetensors atomically (temp file, then move).</summary>
    public static void Save(T5ForConditionalGeneration model, string directory)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, ConfigFile), path => File.WriteAllText(path, model.Config.ToJson()));
        var stateDict = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in model.state_dict())
        {
            stateDict[name] = tensor.detach().cpu().contiguous();
        }
        AtomicFile.Write(Path.Combine(directory, SafetensorsFile), path => Safetensors.SaveStateDict(path, stateDict));
    }

    internal static void CopyInto(nn.Module model, IReadOnlyDictionary<string, Tensor> stateDict, string source)
    {
        using var noGrad = no_grad();
        foreach (var (name, target) in model.state_dict())
        {
            if (!stateDict.TryGetValue(name, out var value))
            {
                throw new T5CheckpointException($"{source}: tensor '{name}' missing (expected shape [{string.Join(", ", target.shape)}])");
            }
            if (!value.shape.SequenceEqual(target.shape))
            {
                throw new T5CheckpointException(
                    $"{source}: tensor '{name}' has shape [{string.Join(", ", value.shape)}], model expects [{string.Join(", ", target.shape)}]");
            }
            target.copy_(value.to_type(target.dtype));
        }
    }

    private static (T5Inspection Inspection, Dictionary<string, Tensor> State) Read(string directory, CheckpointLoadOptions options)
    {
        var json = CheckpointFolder.ReadConfig(directory, options.ConfigPath, out var configPath);
        var config = T5Config.Parse(json, configPath);
        var (state, files) = ReadStateDict(directory);
        try
        {
            var findings = T5Compatibility.CheckConfig(json, config, configPath).ToList();
            if (!findings.Any(f => f.IsRefusal))
            {
                findings.AddRange(T5Compatibility.CheckTensors(directory, json, config, state, options.AllowHarmlessExtras));
            }
            return (new T5Inspection(directory, configPath, config, files, T5Compatibility.StoredDtype(state), findings), state);
        }
        catch
        {
            Dispose(state);
            throw;
        }
    }

    // Every tensor of the folder: safetensors (single or sharded) first, else pytorch_model.bin.
    private static (Dictionary<string, Tensor> State, IReadOnlyList<string> Files) ReadStateDict(string directory)
    {
        var pytorch = Path.Combine(directory, PyTorchFile);
        if (File.Exists(Path.Combine(directory, SafetensorsFile)) || File.Exists(Path.Combine(directory, HfCheckpoint.IndexFile)) || !File.Exists(pytorch))
        {
            IReadOnlyList<string> files;
            try
            {
                files = HfCheckpoint.Shards(directory);
            }
            catch (CheckpointException) when (!File.Exists(Path.Combine(directory, HfCheckpoint.IndexFile)))
            {
                throw new T5CheckpointException($"{directory}: neither {SafetensorsFile} (or {HfCheckpoint.IndexFile}) nor {PyTorchFile} found");
            }
            var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                SafetensorsHeader.Read(file);
                foreach (var (name, tensor) in Safetensors.LoadStateDict(file))
                {
                    state[name] = tensor;
                }
            }
            return (state, files);
        }
        var table = PyTorchUnpickler.UnpickleStateDict(pytorch);
        var fromPickle = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            fromPickle[(string)entry.Key] = (Tensor)entry.Value!;
        }
        return (fromPickle, [pytorch]);
    }

    private static ScalarType StoredScalarType(string name) => name switch
    {
        "bfloat16" => ScalarType.BFloat16,
        "float16" => ScalarType.Float16,
        "float64" => ScalarType.Float64,
        _ => ScalarType.Float32,
    };

    private static void Dispose(Dictionary<string, Tensor> state)
    {
        foreach (var tensor in state.Values)
        {
            tensor.Dispose();
        }
    }
}

/// <summary>A checkpoint that does not fit the model: missing file, refused config field or tensor.</summary>
public sealed class T5CheckpointException(string message) : Exception(message);
