using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;
using MreRepro.Models.Llama;
using MreRepro.Models.T5.Checkpoints;
using MreRepro.Models.T5.Model;
using MreRepro.Pipeline.Repro;
using YamlDotNet.RepresentationModel;
using static TorchSharp.torch;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>
/// The researcher's path without a GPU: the `paper` profile's stage graph (checkpoints instead of the small models,
/// LoRA, no held-out part, the paper's datasets in their published formats) run end to end on CPU, with its sizes
/// overridden the documented way (a copy of params.yaml given with --params). The checkpoints are tiny random Hugging
/// Face-format folders written here in the real vocabularies (LLaMA-2's tokenizer.model, t5-base-japanese's
/// spiece.model, from the shared folder): a bfloat16 LLaMA in two shards and a float32 T5 v1.1. The data are records of
/// the generated corpus written as MMM JSON (SCNM) and SLG CSV (SCPOS-N) (two of the six datasets, as a researcher
/// with only some of the real files runs it) and an English dataset of one's own with its declared labels.
/// </summary>
[Collection(Name)]
public sealed class PaperProfileTests
{
    // Alone, after the parallel collections: it needs both cores, and not the smoke run.
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class Alone;

    private const string Name = "paper profile";
    private const string ParamsFile = "params.tiny.yaml";

    [SkippableFact]
    public void Should_run_every_stage_of_the_paper_profile_on_tiny_real_vocabulary_checkpoints()
    {
        Skip.IfNot(SmokeRun.CliBuilt, SmokeRun.SkipMessage);
        var llamaTokenizer = Repository.SharedFile("data", "tokenizers", "llama2", "tokenizer.model");
        var spiece = Repository.SharedFile("data", "tokenizers", "t5-base-japanese", "spiece.model");
        Skip.If(llamaTokenizer is null || spiece is null,
            "needs LLaMA-2's tokenizer.model and t5-base-japanese's spiece.model from the shared folder ($MRE_SHARED or ../shared)");

        using var workspace = new SmokeWorkspace();
        var root = workspace.Root;
        WriteTinyLlama(Path.Combine(root, "models", "tiny-llama"), llamaTokenizer!);
        WriteTinyT5(Path.Combine(root, "models", "tiny-t5"), spiece!);
        WriteMmm(Path.Combine(root, "real", "SCNM.jsonl"), Records(root, "SCNM", 48), "NER");
        WriteSlg(Path.Combine(root, "real", "SCPOS-N.csv"), Records(root, "SCPOS-N", 48));
        CanonicalJsonl.Write(Path.Combine(root, "real", "EN-NEWS.jsonl"), EnglishNews(48));
        WriteTinyParams(root);

        var status = Mre.Run(root, "status", "--profile", "paper", "--params", ParamsFile);
        Assert.True(status.Code == 0, status.Output);
        var result = Path.Combine(root, "paper-run.json");
        var run = Mre.Run(root, "repro", "--all", "--profile", "paper", "--params", ParamsFile, "--jobs", "1", "--result", result);

        Assert.True(run.Code == 0, run.Output);
        var outcomes = Mre.Outcomes(result);
        Assert.All(outcomes, o => Assert.True(o.Value.Kind == OutcomeKind.Ran, $"{o.Key}: {o.Value.Kind} {o.Value.Detail}\n{run.Output}"));
        var stages = outcomes.Keys.Select(k => k.Split('@')[0]).ToHashSet();
        Assert.Equal(["evaluate", "finetune", "report", "saliency", "split", "verbalizer"], stages.Order());
        // The paper's graph for three datasets: 4 conditions x 1 seed each, no pretraining (checkpoints are given).
        Assert.Equal(12, outcomes.Keys.Count(k => k.StartsWith("finetune@", StringComparison.Ordinal)));
        Assert.Equal(6, outcomes.Keys.Count(k => k.StartsWith("verbalizer@", StringComparison.Ordinal)));
        Assert.Contains("--params params.tiny.yaml", File.ReadAllText(Path.Combine(root, "stages", "paper", "dvc.lock")));
        // LoRA fine-tunes are saved as PEFT saves them: the adapter alone, merged into the base when loaded.
        var adapter = Path.Combine(root, "stages", "paper", "finetune", "SCNM-tli", "seed-42");
        Assert.Equal(["adapter_config.json", "adapter_model.safetensors", "training.json"],
            Directory.GetFiles(adapter).Select(Path.GetFileName).Order());

        var report = File.ReadAllText(Path.Combine(root, "reports", "paper", "report.md"));
        Assert.Contains("SCNM", report);
        Assert.Contains("SCPOS-N", report);
        Assert.DoesNotContain("SCPOS-Adj", report.Split("## Run facts")[0]);
        // The paper's values sit beside ours for both datasets (its tables print SCPOS-N as "SCPOS:N").
        Assert.Contains("| SCPOS-N | 32 | 12 | 500 | 187,028 |", report);
        Assert.Contains("(paper 74.28;", report);
        // A dataset of one's own, with its own labels and no paper counterpart: its rows have no paper column.
        Assert.Contains("| EN-NEWS | 32 | 12 | — | — |", report);
        Assert.Contains("| EN-NEWS | sports |", report);
        Assert.True(File.Exists(Path.Combine(root, "reports", "paper", "report.html")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(root, "reports", "paper"), "*.png", SearchOption.AllDirectories));
    }

    // LLaMA-2's vocabulary (32000) with grouped KV heads and an untied head, saved in bfloat16 in more than one shard.
    private static void WriteTinyLlama(string folder, string tokenizerModel)
    {
        manual_seed(11);
        var config = LlamaConfig.Small(32000, hidden: 16, intermediate: 32, layers: 2, heads: 2, kvHeads: 1, maxPositions: 512,
            bos: 1, eos: 2, pad: 0);
        using var model = new LlamaForCausalLM(config);
        LlamaCheckpoint.Save(model, folder, ScalarType.BFloat16, maxShardBytes: 1 << 20);
        Assert.True(Directory.GetFiles(folder, "*.safetensors").Length > 1, "the tiny LLaMA should be sharded");
        File.Copy(tokenizerModel, Path.Combine(folder, "tokenizer.model"));
    }

    // A T5 v1.1 (gated-GELU, untied head) in t5-base-japanese's vocabulary.
    private static void WriteTinyT5(string folder, string spieceModel)
    {
        manual_seed(12);
        var config = new T5Config
        {
            DModel = 16, DFf = 32, DKv = 8, NumHeads = 2, NumLayers = 2, NumDecoderLayers = 2, FeedForwardProj = "gated-gelu",
            TieWordEmbeddings = false, VocabSize = 32128, PadTokenId = 0, EosTokenId = 1, DecoderStartTokenId = 0,
        };
        using var model = new T5ForConditionalGeneration(config);
        T5Checkpoint.Save(model, folder);
        File.Copy(spieceModel, Path.Combine(folder, "spiece.model"));
    }

    private static IReadOnlyList<MreRecord> Records(string root, string dataset, int count) =>
        CanonicalJsonl.Read(Path.Combine(root, "data", "generated", dataset + ".jsonl")).Records.Take(count).ToList();

    // OIELLM's MMM lines: {"input": "text/TASK", "output": "TL/TASK/:label;word…"}.
    private static void WriteMmm(string path, IReadOnlyList<MreRecord> records, string task)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, records.Select(r => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["input"] = $"{r.Text}/{task}",
            ["output"] = $"{r.TextLabel}/{task}/{WordLevel(r)}",
        })));
    }

    // GIELLM's SLG CSV as pandas writes it: a header "0", then "text,,:TL;：label；word…" per line, quoted.
    private static void WriteSlg(string path, IReadOnlyList<MreRecord> records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lines = records.Select(r => $"{r.Text},,:{r.TextLabel};{WordLevel(r)}");
        File.WriteAllLines(path, lines.Select(l => "\"" + l.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"").Prepend("0"));
    }

    // An English MRE dataset of one's own: two text-level classes, person and place words that occur in the text.
    private static IEnumerable<MreRecord> EnglishNews(int count)
    {
        string[] people = ["Alice", "Bruno", "Chen", "Dara"];
        string[] places = ["Lima", "Oslo", "Kyoto", "Accra"];
        for (var i = 0; i < count; i++)
        {
            var (person, place) = (people[i % people.Length], places[i / people.Length % places.Length]);
            var sports = i % 3 != 0;
            var text = sports ? $"{person} won the final in {place}." : $"{person} spoke to parliament in {place}.";
            yield return new MreRecord($"EN-{i:D3}", text, sports ? "sports" : "politics",
                [new WordPair("person", person, 0), new WordPair("place", place, text.IndexOf(place, StringComparison.Ordinal))]);
        }
    }

    private static string WordLevel(MreRecord r) =>
        r.Pairs.Count == 0 ? ":無い;" : string.Concat(r.Pairs.Select(p => $":{p.Label};{p.Word}"));

    // The repository's paper profile with its sizes made tiny: every other value (LoRA, no held-out part, the paper's
    // loss and verbalizer settings) is the paper's own.
    private static void WriteTinyParams(string root)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(root, "params.yaml")))
        {
            yaml.Load(reader);
        }
        var paper = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["paper"];
        paper.Children[new YamlScalarNode("datasets")] = Parse("""
            SCNM: {file: real/SCNM.jsonl, paper: SCNM, skip_invalid: false}
            SCPOS-N: {file: real/SCPOS-N.csv, paper: SCPOS-N, skip_invalid: false}
            EN-NEWS: {file: real/EN-NEWS.jsonl, paper: '', skip_invalid: false, labels: {text: [sports, politics], word: [person, place]}}
            """);
        var overrides = new Dictionary<string, string>
        {
            ["split.train"] = "32", ["split.test"] = "12",
            ["model.checkpoint"] = "models/tiny-llama", ["model.device"] = "cpu", ["model.threads"] = "2", ["model.max_positions"] = "384",
            // The sizes document the checkpoint and must match its config.json.
            ["model.hidden_size"] = "16", ["model.intermediate_size"] = "32", ["model.layers"] = "2", ["model.heads"] = "2", ["model.key_value_heads"] = "1",
            ["finetune.warmup_steps"] = "2", ["finetune.batch_size"] = "4", ["finetune.gradient_accumulation"] = "2", ["finetune.epochs"] = "1",
            ["finetune.learning_rate"] = "0.001", ["finetune.lora.rank"] = "2",
            ["evaluate.max_new_tokens"] = "6", ["evaluate.batch_size"] = "12", ["evaluate.bootstrap_resamples"] = "20",
            ["saliency.samples"] = "2",
            ["t5.checkpoint"] = "models/tiny-t5", ["t5.device"] = "cpu",
            ["verbalizer.shots_per_label"] = "2", ["verbalizer.epochs"] = "1", ["verbalizer.batch_size"] = "8",
            ["verbalizer.max_length"] = "64", ["verbalizer.top_words"] = "5", ["verbalizer.support_examples"] = "8",
        };
        foreach (var (key, value) in overrides)
        {
            var parts = key.Split('.');
            var section = parts[..^1].Aggregate(paper, (node, name) => (YamlMappingNode)node[name]);
            Assert.True(section.Children.ContainsKey(new YamlScalarNode(parts[^1])), $"paper profile has no {key}");
            section.Children[new YamlScalarNode(parts[^1])] = new YamlScalarNode(value);
        }
        using var writer = new StreamWriter(Path.Combine(root, ParamsFile));
        yaml.Save(writer, assignAnchors: false);
    }

    private static YamlNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents[0].RootNode;
    }
}
