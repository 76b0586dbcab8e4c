using System.Globalization;
using MreRepro.Pipeline.Dvc;

namespace MreRepro.Pipeline.Execution;

/// <summary>What one Slurm job of a stage asks for; null fields are left to the cluster's defaults.</summary>
public sealed record ResourceRequest(int? Cpus = null, string? Mem = null, int? Gpus = null, string? Time = null,
    string? Partition = null, string? Account = null)
{
    /// <summary>This request with the other's fields where this one has none.</summary>
    public ResourceRequest Or(ResourceRequest other) => new(Cpus ?? other.Cpus, Mem ?? other.Mem, Gpus ?? other.Gpus,
        Time ?? other.Time, Partition ?? other.Partition, Account ?? other.Account);

    /// <summary>The sbatch options for this request.</summary>
    public IEnumerable<string> SbatchOptions()
    {
        if (Cpus is int cpus)
        {
            yield return "--cpus-per-task=" + cpus.ToString(CultureInfo.InvariantCulture);
        }
        if (Mem is { } mem)
        {
            yield return "--mem=" + mem;
        }
        if (Gpus is int gpus and > 0)
        {
            yield return "--gres=gpu:" + gpus.ToString(CultureInfo.InvariantCulture);
        }
        if (Time is { } time)
        {
            yield return "--time=" + time;
        }
        if (Partition is { } partition)
        {
            yield return "--partition=" + partition;
        }
        if (Account is { } account)
        {
            yield return "--account=" + account;
        }
    }
}

/// <summary>
/// The executor defaults of a profile in params.yaml, which the command line overrides:
/// <code>
/// &lt;profile&gt;:
///   executor: {kind: local, jobs: 0}          # local | slurm; jobs 0 = cores / model.threads
///   resources:                                # Slurm requests per stage; `default` applies to every stage
///     default: {cpus: 2, mem: 4G, time: '01:00:00'}
///     finetune: {gpus: 1, partition: gpu}
/// </code>
/// No stage depends on these keys, so changing them reruns nothing.
/// </summary>
public sealed record ExecutorSettings(string Kind, int Jobs, IReadOnlyDictionary<string, ResourceRequest> Resources)
{
    public static readonly ExecutorSettings Default = new("local", 0, new Dictionary<string, ResourceRequest>());

    /// <summary>Reads &lt;section&gt;.executor and &lt;section&gt;.resources; both may be absent.</summary>
    public static ExecutorSettings Read(string paramsPath, string section)
    {
        var file = DvcParamsFile.Load(paramsPath);
        var name = Path.GetFileName(paramsPath);
        var kind = "local";
        var jobs = 0;
        if (file.TryGet(section + ".executor", out var executor) && executor is not null)
        {
            var map = executor as YamlMap ?? throw new PipelineException($"{name}: {section}.executor must be a mapping such as {{kind: local, jobs: 2}}.");
            foreach (var (key, value) in map)
            {
                switch (key)
                {
                    case "kind":
                        kind = value as string is "local" or "slurm" ? (string)value
                            : throw new PipelineException($"{name}: {section}.executor.kind must be local or slurm (got '{YamlValues.Display(value)}').");
                        break;
                    case "jobs":
                        jobs = value is long n and >= 0 and <= 4096 ? (int)n
                            : throw new PipelineException($"{name}: {section}.executor.jobs must be a whole number, 0 for cores / model.threads (got '{YamlValues.Display(value)}').");
                        break;
                    default:
                        throw new PipelineException($"{name}: {section}.executor.{key} is not an executor setting (kind, jobs).");
                }
            }
        }
        var resources = new Dictionary<string, ResourceRequest>(StringComparer.Ordinal);
        if (file.TryGet(section + ".resources", out var all) && all is not null)
        {
            var map = all as YamlMap ?? throw new PipelineException($"{name}: {section}.resources must map stage names (or default) to requests.");
            foreach (var (stage, value) in map)
            {
                resources[stage] = Request(name, $"{section}.resources.{stage}", value);
            }
        }
        return new ExecutorSettings(kind, jobs, resources);
    }

    /// <summary>The request for a stage: its own fields, then `default`'s, then <paramref name="fallback"/>'s.</summary>
    public ResourceRequest For(string stage, ResourceRequest fallback)
    {
        var own = Resources.TryGetValue(stage, out var r) ? r : new ResourceRequest();
        var shared = Resources.TryGetValue("default", out var d) ? d : new ResourceRequest();
        return own.Or(shared).Or(fallback);
    }

    private static ResourceRequest Request(string file, string where, object? value)
    {
        var map = value as YamlMap ?? throw new PipelineException($"{file}: {where} must be a mapping such as {{cpus: 2, mem: 4G}}.");
        var request = new ResourceRequest();
        foreach (var (key, v) in map)
        {
            request = key switch
            {
                "cpus" => request with { Cpus = Count(file, where, key, v) },
                "gpus" => request with { Gpus = Count(file, where, key, v) },
                "mem" => request with { Mem = Text(v) },
                "time" => request with { Time = Text(v) },
                "partition" => request with { Partition = Text(v) },
                "account" => request with { Account = Text(v) },
                _ => throw new PipelineException($"{file}: {where}.{key} is not a resource (cpus, mem, gpus, time, partition, account)."),
            };
        }
        return request;
    }

    private static int Count(string file, string where, string key, object? value) =>
        value is long n and >= 0 and <= 65536 ? (int)n
            : throw new PipelineException($"{file}: {where}.{key} must be a whole number (got '{YamlValues.Display(value)}').");

    // Slurm reads times and sizes as text: 01:00:00, 4G; YAML may have read 60 as a number.
    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        long n => n.ToString(CultureInfo.InvariantCulture),
        _ => YamlValues.Display(value),
    };
}
