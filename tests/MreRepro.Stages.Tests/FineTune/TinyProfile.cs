using MreRepro.Domain.Corpus;
using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;
using MreRepro.Stages.Common;
using MreRepro.Stages.Evaluate;
using MreRepro.Stages.FineTune;
using MreRepro.Stages.Pretrain;
using MreRepro.Stages.Saliency;
using MreRepro.Stages.T5Pretrain;
using MreRepro.Stages.Verbalizer;
using Spectre.Console.Testing;

namespace MreRepro.Stages.Tests.FineTune;

/// <summary>
/// A throwaway checkout with a tiny profile of one planted dataset and two seeds everywhere (fine-tuning and
/// verbalizer), run once through pretrain, finetune (both seeds, with held-out records), evaluate, saliency, t5pretrain
/// and the manual verbalizer, in process: seconds, not the smoke run's minutes.
/// </summary>
public sealed class TinyProfile : IDisposable
{
    public const string Profile = "tiny";
    public const string Dataset = "SCNM";
    public const string Condition = "wli";
    public static readonly int[] Seeds = [42, 43];
    public static readonly int[] VerbalizerSeeds = [144, 145];

    private const string Params = """
        tiny:
          datasets:
            SCNM: {file: data/SCNM.jsonl, paper: SCNM, strength: 0.8}
          split: {method: pandas, seed: 42, train: 60, test: 10}
          model: {source: small, hidden_size: 16, intermediate_size: 32, layers: 2, heads: 2, key_value_heads: 2, max_positions: 160, threads: 1}
          pretrain: {epochs: 1, learning_rate: 0.003, warmup_steps: 2, batch_size: 16, seed: 42}
          finetune: {learning_rate: 0.005, warmup_steps: 2, epochs: 3, batch_size: 16, seeds: [42, 43], validation: 12, validation_seed: 42, patience: 0}
          evaluate: {max_new_tokens: 6, batch_size: 16}
          saliency: {samples: 3}
          t5: {d_model: 16, d_ff: 32, d_kv: 8, heads: 2, layers: 1, pretrain_epochs: 1, pretrain_batch_size: 16, seed: 42}
          verbalizer: {shots_per_label: 2, epochs: 1, batch_size: 8, top_words: 5, seeds: [144, 145]}
        """;

    public TinyProfile()
    {
        Root = Directory.CreateTempSubdirectory("mre-tiny-").FullName;
        File.WriteAllText(Path.Combine(Root, "params.yaml"), Params);
        var records = CorpusGenerator.Generate(DatasetKind.Scnm, 70, 42, 0.8);
        var split = Context.Paths.Split(Dataset);
        Directory.CreateDirectory(split);
        CanonicalJsonl.Write(Path.Combine(split, "train.jsonl"), records.Take(60));
        CanonicalJsonl.Write(Path.Combine(split, "test.jsonl"), records.Skip(60));

        PretrainStage.Run(Context);
        foreach (var seed in Seeds)
        {
            FineTuneStage.Run(Context, Dataset, Condition, seed);
        }
        EvaluateStage.Run(Context, Dataset, Condition);
        SaliencyStage.Run(Context, Dataset, Condition);
        T5PretrainStage.Run(Context);
        VerbalizerStage.Run(Context, Dataset, "manual");
    }

    public string Root { get; }

    /// <summary>A fresh context (its console records instead of printing).</summary>
    public StageContext Context => StageContext.Load(Root, Profile, console: new TestConsole());

    public string Stage(string relative) => Path.Combine(Root, "stages", Profile, relative);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
