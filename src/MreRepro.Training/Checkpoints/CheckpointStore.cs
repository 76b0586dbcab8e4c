using System.Globalization;
using System.Text.Json;
using MreRepro.Training.Optimization;
using static TorchSharp.torch;

namespace MreRepro.Training.Checkpoints;

/// <summary>
/// Resumable checkpoints in one folder: <c>checkpoint-NNNNNNNN/</c> holding model.bin (TorchSharp format), optimizer.bin
/// (AdamW moments and step counts, <see cref="ScheduledAdamW.Save"/>), rng.bin (torch CPU generator state) and trainer_state.json.
/// Each is written to a hidden temporary folder and renamed into place, so a folder with a final name is complete.
/// </summary>
internal sealed class CheckpointStore
{
    internal const string ModelFile = "model.bin";
    internal const string OptimizerFile = "optimizer.bin";
    internal const string RngFile = "rng.bin";
    internal const string StateFile = "trainer_state.json";
    private const string Prefix = "checkpoint-";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly string _directory;

    public CheckpointStore(string directory)
    {
        _directory = Path.GetFullPath(directory);
    }

    /// <summary>The newest complete checkpoint folder, or null.</summary>
    public string? FindLatest()
    {
        if (!Directory.Exists(_directory))
            return null;
        return Complete().OrderByDescending(c => c.Step).Select(c => c.Path).FirstOrDefault();
    }

    public string Save(TrainerState state, nn.Module model, ScheduledAdamW optimizer, IList<string> skip, int keep, BestWeights? best = null)
    {
        Directory.CreateDirectory(_directory);
        var name = Prefix + state.GlobalStep.ToString("D8", CultureInfo.InvariantCulture);
        var final = Path.Combine(_directory, name);
        if (Directory.Exists(final))
            return final;

        var temp = Path.Combine(_directory, "." + name + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(temp))
            Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);

        model.save(Path.Combine(temp, ModelFile), skip);
        optimizer.Save(Path.Combine(temp, OptimizerFile));
        using (var rng = random.get_rng_state())
            File.WriteAllBytes(Path.Combine(temp, RngFile), rng.data<byte>().ToArray());
        if (state.BestEpoch is not null)
            best?.Save(temp);
        File.WriteAllText(Path.Combine(temp, StateFile), JsonSerializer.Serialize(state, Json));

        Directory.Move(temp, final);
        if (keep > 0)
        {
            foreach (var old in Complete().OrderByDescending(c => c.Step).Skip(keep))
                Directory.Delete(old.Path, recursive: true);
        }

        return final;
    }

    public static TrainerState ReadState(string checkpoint)
    {
        var path = Path.Combine(checkpoint, StateFile);
        try
        {
            return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path))
                ?? throw new TrainingException($"Checkpoint state {path} is empty.");
        }
        catch (JsonException e)
        {
            throw new TrainingException($"Checkpoint state {path} is not valid JSON (line {e.LineNumber}): {e.Message}", e);
        }
    }

    /// <summary>Restores model parameters, optimizer state and torch's RNG from <paramref name="checkpoint"/>.</summary>
    public static void Restore(string checkpoint, nn.Module model, ScheduledAdamW optimizer, IList<string> skip)
    {
        var modelPath = Path.Combine(checkpoint, ModelFile);
        var loaded = new Dictionary<string, bool>();
        try
        {
            // Non-strict because TorchSharp's strict mode counts skipped (frozen) entries as missing; completeness is checked below.
            model.load(modelPath, strict: false, skip: skip, loadedParameters: loaded);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            throw new TrainingException($"Checkpoint model {modelPath} does not fit the model being trained: {e.Message}", e);
        }

        var skipped = new HashSet<string>(skip, StringComparer.Ordinal);
        var missing = model.state_dict().Keys.Where(k => !skipped.Contains(k) && !(loaded.TryGetValue(k, out var ok) && ok)).ToList();
        var unexpected = loaded.Where(kv => !kv.Value).Select(kv => kv.Key).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            throw new TrainingException(
                $"Checkpoint model {modelPath} does not fit the model being trained: missing [{string.Join(", ", missing.Take(8))}], unexpected [{string.Join(", ", unexpected.Take(8))}].");
        }

        var optimizerPath = Path.Combine(checkpoint, OptimizerFile);
        try
        {
            optimizer.Load(optimizerPath);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException)
        {
            throw new TrainingException($"Checkpoint optimizer state {optimizerPath} does not fit the optimizer's parameter groups: {e.Message}", e);
        }

        var bytes = File.ReadAllBytes(Path.Combine(checkpoint, RngFile));
        using var state = tensor(bytes);
        random.set_rng_state(state);
    }

    /// <summary>Removes temporary folders left by an interrupted save.</summary>
    public void RemoveIncomplete()
    {
        if (!Directory.Exists(_directory))
            return;
        foreach (var dir in Directory.GetDirectories(_directory, "." + Prefix + "*.tmp-*"))
            Directory.Delete(dir, recursive: true);
    }

    private IEnumerable<(string Path, long Step)> Complete()
    {
        foreach (var dir in Directory.GetDirectories(_directory, Prefix + "*"))
        {
            var suffix = Path.GetFileName(dir)[Prefix.Length..];
            if (long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var step) && File.Exists(Path.Combine(dir, StateFile)))
                yield return (dir, step);
        }
    }
}
