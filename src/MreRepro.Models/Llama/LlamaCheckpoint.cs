using MreRepro.Models.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;
using MreRepro.Files;

namespace MreRepro.Models.Llama;

/// <summary>What a LLaMA checkpoint folder holds and whether this implementation can compute it as Hugging Face does.</summary>
public sealed record LlamaInspection(CheckpointFolder Folder, LlamaConfig Config, IReadOnlyList<CheckpointFinding> Findings)
{
    public IEnumerable<CheckpointFinding> Refusals => Findings.Where(f => f.IsRefusal);

    public bool CanLoad => !Refusals.Any();

    /// <summary>Parameters of the model built from the config (a tied head counted once).</summary>
    public long ParameterCount => LlamaCompatibility.ExpectedTensors(Config).Values.Sum(s => s.Aggregate(1L, (a, b) => a * b));

    /// <summary>The dtype the weights are stored in, as torch names it (what a load without an explicit dtype uses).</summary>
    public string StoredDtype => CheckpointFolder.TorchDtypeName(Folder.StoredDtype);
}

/// <summary>Creates a LLaMA from a Hugging Face folder (config.json + safetensors), and saves one.</summary>
public static class LlamaCheckpoint
{
    public const string ConfigFile = "config.json";

    /// <summary>Reads the config and the tensor headers (no weights) and lists every refusal and warning.</summary>
    public static LlamaInspection Inspect(string folder, CheckpointLoadOptions? options = null)
    {
        options ??= new CheckpointLoadOptions();
        var checkpoint = CheckpointFolder.Open(folder, options.ConfigPath);
        var config = LlamaConfig.Parse(checkpoint.Config, checkpoint.ConfigPath);
        return new LlamaInspection(checkpoint, config, LlamaCompatibility.Check(checkpoint, config, options.AllowHarmlessExtras));
    }

    /// <summary>
    /// Loads strictly: any refusal of <see cref="Inspect"/> fails with one line naming the folder and the field or
    /// tensor. Builds the model from the config directly in the requested dtype (by default the stored one) on the
    /// requested device (no random init, no float32 detour) and fills it tensor by tensor.
    /// </summary>
    public static LlamaForCausalLM Load(string folder, CheckpointLoadOptions options)
    {
        var inspection = Inspect(folder, options);
        var refusals = inspection.Refusals.ToList();
        if (refusals.Count > 0)
        {
            throw CheckpointFinding.ToException(refusals);
        }
        foreach (var warning in inspection.Findings)
        {
            options.Note?.Invoke(warning.Line);
        }
        var dtype = options.Dtype ?? CheckpointFolder.ScalarTypeOf(inspection.Folder.StoredDtype) ?? ScalarType.Float32;
        var model = Create(inspection.Config, options.Device, dtype, initialize: false);
        try
        {
            HfCheckpoint.Load(model, folder, inspection.Config.TieWordEmbeddings ? ["lm_head.weight"] : null);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads config.json and the weights of <paramref name="folder"/> strictly; a null <paramref name="dtype"/> keeps
    /// the stored dtype; <paramref name="note"/> hears warnings.
    /// </summary>
    public static LlamaForCausalLM Load(string folder, Device? device = null, ScalarType? dtype = null, Action<string>? note = null) =>
        Load(folder, new CheckpointLoadOptions { Device = device, Dtype = dtype, Note = note });

    /// <summary>A model whose parameters are created in <paramref name="dtype"/> on <paramref name="device"/> from the start.</summary>
    public static LlamaForCausalLM Create(LlamaConfig config, Device? device = null, ScalarType dtype = ScalarType.Float32, bool initialize = true)
    {
        var previousType = get_default_dtype();
        var previousDevice = get_default_device();
        set_default_dtype(dtype);
        if (device is not null)
        {
            set_default_device(device);
        }
        try
        {
            return new LlamaForCausalLM(config, initialize);
        }
        finally
        {
            set_default_dtype(previousType);
            set_default_device(previousDevice);
        }
    }

    /// <summary>Writes config.json (torch_dtype set to <paramref name="dtype"/>) and the weights, tied lm_head left out.</summary>
    public static void Save(LlamaForCausalLM model, string folder, ScalarType dtype = ScalarType.Float32, long maxShardBytes = HfCheckpoint.DefaultMaxShardBytes)
    {
        Directory.CreateDirectory(folder);
        var config = model.Config with { TorchDtype = DtypeName(dtype) };
        var configPath = Path.Combine(folder, ConfigFile);
        AtomicFile.Write(configPath, config.Save);
        HfCheckpoint.Save(model, folder, dtype, model.Config.TieWordEmbeddings ? ["lm_head.weight"] : null, maxShardBytes);
    }

    /// <summary>Hugging Face's torch_dtype name of a scalar type.</summary>
    public static string DtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float64 => "float64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "checkpoints are saved as float32, float16, bfloat16 or float64"),
    };
}
