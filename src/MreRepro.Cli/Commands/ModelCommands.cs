using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using MreRepro.Files;
using MreRepro.Models;
using MreRepro.Models.Checkpoints;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MreRepro.Cli.Commands;

/// <summary>Options every `mre model` verb shares: which folder, which config, how strictly, in which dtype.</summary>
public class ModelSettings : CommandSettings
{
    [CommandOption("--checkpoint <DIR>")]
    [Description("Hugging Face checkpoint folder: a LLaMA-architecture decoder (model_type llama) or a T5 (model_type t5): config.json and model.safetensors, or shards listed in model.safetensors.index.json (T5 also pytorch_model.bin), with tokenizer.model / spiece.model for text.")]
    public string Checkpoint { get; init; } = "";

    [CommandOption("--config <FILE>")]
    [Description("config.json to use when the weights folder has none (e.g. a folder of shards). Default: DIR/config.json.")]
    public string? Config { get; init; }

    [CommandOption("--allow-harmless")]
    [Description("Accept tensors Hugging Face's own loader ignores (LLaMA rotary_emb.inv_freq buffers, T5's unused cross-attention relative bias) instead of refusing the folder. Any other tensor the model lacks is still refused.")]
    public bool AllowHarmless { get; init; }

    [CommandOption("--dtype <TYPE>")]
    [Description("float32, bfloat16 or float16 for the parameters and the computation. Default: the dtype the weights are stored in.")]
    public string? Dtype { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("cpu or cuda (cuda needs the CUDA build, dotnet build -p:MreTorchBackend=cuda, and a GPU). Default: cpu.")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Checkpoint))
        {
            return ValidationResult.Error("--checkpoint DIR is required (see --help).");
        }
        if (Dtype is not (null or "float32" or "bfloat16" or "float16"))
        {
            return ValidationResult.Error($"--dtype must be float32, bfloat16 or float16 (got '{Dtype}').");
        }
        return Device is "cpu" or "cuda" ? ValidationResult.Success() : ValidationResult.Error($"--device must be cpu or cuda (got '{Device}').");
    }

    internal CheckpointLoadOptions LoadOptions(Action<string>? note = null) => new()
    {
        ConfigPath = Config,
        AllowHarmlessExtras = AllowHarmless,
        Dtype = Dtype switch
        {
            "float32" => ScalarType.Float32,
            "bfloat16" => ScalarType.BFloat16,
            "float16" => ScalarType.Float16,
            _ => null,
        },
        Device = Device == "cuda"
            ? cuda.is_available() ? CUDA : throw new CheckpointException("--device cuda: no CUDA device is available (this build or machine is CPU-only).")
            : CPU,
        Note = note,
    };

    /// <summary>"1,2,3" as token ids; null for an absent option.</summary>
    internal static long[]? ParseIds(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ids = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]))
            {
                throw new CheckpointException($"{option}: '{parts[i]}' is not a token id (expected comma-separated integers such as 1,2,3).");
            }
        }
        return ids.Length > 0 ? ids : throw new CheckpointException($"{option}: no token ids given.");
    }
}

/// <summary>`mre model inspect`: what a checkpoint folder holds, what running it takes, and whether the pipeline can use it.</summary>
public sealed class ModelInspectCommand : Command<ModelInspectCommand.Settings>
{
    public sealed class Settings : ModelSettings
    {
        [CommandOption("--batch <N>")]
        [Description("Sequences per step for the memory estimate. Default: 4 (the paper profile's finetune batch_size).")]
        [DefaultValue(4)]
        public int Batch { get; init; } = 4;

        [CommandOption("--length <T>")]
        [Description("Tokens per sequence for the memory estimate. Default: 1024 (the paper profile's max_positions).")]
        [DefaultValue(1024)]
        public int Length { get; init; } = 1024;

        [CommandOption("--lora-rank <R>")]
        [Description("LoRA rank on the attention projections (q, k, v, o) for the LoRA fine-tuning estimate. Default: 8.")]
        [DefaultValue(8)]
        public int LoraRank { get; init; } = 8;

        public override ValidationResult Validate() =>
            Batch <= 0 || Length <= 0 || LoraRank <= 0 ? ValidationResult.Error("--batch, --length and --lora-rank must be positive.") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var folder = ModelFolder.Open(settings.Checkpoint, settings.LoadOptions());
        var dtype = settings.Dtype ?? folder.StoredDtype;
        var bytes = dtype is "float32" ? 4 : dtype is "float64" ? 8 : 2;
        var memory = MemoryEstimate.For(folder.Shape(settings.LoraRank), bytes, settings.Batch, settings.Length);
        var rows = new List<(string Name, string Value)> { ("checkpoint", settings.Checkpoint), ("architecture", folder.Architecture) };
        rows.AddRange(folder.Sizes);
        rows.Add(("stored dtype", $"{folder.StoredDtype} (loaded as {dtype}{(settings.Dtype is null ? ", the stored dtype" : "")})"));
        rows.Add(("parameters", $"{folder.Parameters:N0} ({MemoryEstimate.Format(memory.Weights)} in {dtype})"));
        rows.Add(("tokenizer", folder.Tokenizer));
        rows.Add(($"inference, batch {settings.Batch} × {settings.Length} tokens", $"≈ {MemoryEstimate.Format(memory.Inference)}"));
        rows.Add(($"full fine-tuning (AdamW), batch {settings.Batch} × {settings.Length}", $"≈ {MemoryEstimate.Format(memory.FullFineTune)}"));
        rows.Add(($"LoRA r={settings.LoraRank} fine-tuning, batch {settings.Batch} × {settings.Length}", $"≈ {MemoryEstimate.Format(memory.LoraFineTune)}"));
        rows.Add(("CUDA available", cuda.is_available() ? $"yes ({cuda.device_count()} device(s))" : "no (CPU build or no GPU)"));
        // One line per fact and per finding however long, also when redirected (Spectre wraps at 80 columns there).
        var width = rows.Max(r => r.Name.Length) + 2;
        var lines = rows.Select(r => $"{r.Name.PadRight(width)}{r.Value}").ToList();
        AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, lines.Concat(folder.Findings.Select(f => f.Line)).Max(l => l.Length) + 20);
        foreach (var line in lines)
        {
            AnsiConsole.WriteLine(line);
        }
        foreach (var finding in folder.Findings)
        {
            AnsiConsole.MarkupLine(finding.IsRefusal ? $"[red]refused:[/] {Markup.Escape(finding.Line)}" : $"[yellow]warning:[/] {Markup.Escape(finding.Line)}");
        }
        var refusals = folder.Findings.Count(f => f.IsRefusal);
        AnsiConsole.MarkupLine(refusals == 0
            ? "[green]usable:[/] the pipeline can load this folder."
            : $"[red]not usable:[/] {refusals} refusal(s); this implementation would compute the checkpoint differently from Hugging Face.");
        return refusals == 0 ? 0 : 1;
    }
}

/// <summary>`mre model generate`: greedy continuation of a prompt (text or ids) with the key/value cache.</summary>
public sealed class ModelGenerateCommand : Command<ModelGenerateCommand.Settings>
{
    public sealed class Settings : ModelSettings
    {
        [CommandOption("--prompt <TEXT>")]
        [Description("Prompt text, encoded with the folder's tokenizer (LLaMA: BOS first; T5: EOS last, as Hugging Face's tokenizers do).")]
        public string? Prompt { get; init; }

        [CommandOption("--ids <IDS>")]
        [Description("Prompt as comma-separated token ids (e.g. 1,450,4996), used as they are: no BOS or EOS added.")]
        public string? Ids { get; init; }

        [CommandOption("--max-new-tokens <N>")]
        [Description("Most tokens to generate. Default: 32.")]
        [DefaultValue(32)]
        public int MaxNewTokens { get; init; } = 32;

        [CommandOption("--no-eos")]
        [Description("Do not stop at the config's eos_token_id: generate exactly --max-new-tokens tokens.")]
        public bool NoEos { get; init; }

        [CommandOption("--chat")]
        [Description("Wrap --prompt in the LLaMA-2 chat template (<s>[[INST]] {prompt} [[/INST]]) before encoding; decoders only.")]
        public bool Chat { get; init; }

        [CommandOption("--json")]
        [Description("Print {\"ids\": [[...]], \"text\": \"...\"} (generated tokens only; text is null when the folder has no tokenizer).")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if ((Prompt is null) == (Ids is null))
            {
                return ValidationResult.Error("give exactly one of --prompt TEXT or --ids 1,2,3.");
            }
            if (Chat && Prompt is null)
            {
                return ValidationResult.Error("--chat applies to --prompt.");
            }
            return MaxNewTokens <= 0 ? ValidationResult.Error("--max-new-tokens must be positive.") : base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var folder = ModelFolder.Open(settings.Checkpoint, settings.LoadOptions(Warn));
        var prompt = ModelSettings.ParseIds(settings.Ids, "--ids") ?? folder.Encode(settings.Prompt!, settings.Chat);
        var (ids, text) = folder.Generate(prompt, settings.MaxNewTokens, !settings.NoEos);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { ids, text }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return 0;
        }
        AnsiConsole.MarkupLineInterpolated($"[grey]prompt ids:[/] {string.Join(",", prompt)}");
        AnsiConsole.MarkupLineInterpolated($"[grey]generated ids:[/] {string.Join(",", ids)}");
        if (text is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]text:[/] {text}");
        }
        return 0;
    }

    // Warnings go to stderr so that --json output stays parseable.
    private static void Warn(string line) => Console.Error.WriteLine($"warning: {line}");
}

/// <summary>`mre model forward`: logits and every layer's hidden states for given ids, as float32 safetensors.</summary>
public sealed class ModelForwardCommand : Command<ModelForwardCommand.Settings>
{
    public sealed class Settings : ModelSettings
    {
        [CommandOption("--ids <IDS>")]
        [Description("Input token ids, comma-separated (for a T5: the encoder input).")]
        public string? Ids { get; init; }

        [CommandOption("--decoder-ids <IDS>")]
        [Description("T5 only: decoder input ids. Default: the config's decoder_start_token_id alone.")]
        public string? DecoderIds { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Output .safetensors, float32: logits [[1, seq, vocab]] and hidden.<i> [[1, seq, hidden]] for i = 0 (embeddings) … num_hidden_layers (after the final norm), as Hugging Face's output_hidden_states; a T5 writes encoder_hidden.<i> and decoder_hidden.<i>.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Ids is null || Out is null ? ValidationResult.Error("--ids 1,2,3 and --out FILE.safetensors are required.") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var folder = ModelFolder.Open(settings.Checkpoint, settings.LoadOptions(line => Console.Error.WriteLine($"warning: {line}")));
        var outputs = folder.Forward(ModelSettings.ParseIds(settings.Ids, "--ids")!, ModelSettings.ParseIds(settings.DecoderIds, "--decoder-ids"));
        var summary = string.Join(", ", outputs.Take(3).Select(kv => $"{kv.Key} [{string.Join(", ", kv.Value.shape)}]"))
            + (outputs.Count > 3 ? $", … ({outputs.Count} tensors)" : "");
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(settings.Out!))!;
            Directory.CreateDirectory(directory);
            AtomicFile.Write(settings.Out!, path => Safetensors.SaveStateDict(path, outputs.ToDictionary(kv => kv.Key, kv => kv.Value)));
        }
        finally
        {
            foreach (var tensor in outputs.Values)
            {
                tensor.Dispose();
            }
        }
        AnsiConsole.MarkupLineInterpolated($"wrote {settings.Out}: {summary}");
        return 0;
    }
}
