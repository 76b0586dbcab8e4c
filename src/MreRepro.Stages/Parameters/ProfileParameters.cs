namespace MreRepro.Stages.Parameters;

/// <summary>All parameters of one profile (a top-level section of params.yaml: smoke, default or paper).</summary>
public sealed class ProfileParameters
{
    /// <summary>Datasets by name; each names its source file and which paper dataset it stands for.</summary>
    public Dictionary<string, DatasetParameters> Datasets { get; set; } = new();
    public SplitParameters Split { get; set; } = new();
    public LanguageModelParameters Model { get; set; } = new();
    public PretrainParameters Pretrain { get; set; } = new();
    public FineTuneParameters Finetune { get; set; } = new();
    public EvaluateParameters Evaluate { get; set; } = new();
    public SaliencyParameters Saliency { get; set; } = new();
    public T5Parameters T5 { get; set; } = new();
    public VerbalizerParameters Verbalizer { get; set; } = new();
    public ReportParameters Report { get; set; } = new();
    /// <summary>How `mre repro` runs instances ({kind, jobs}); read by the engine (MreRepro.Pipeline.Execution.ExecutorSettings), no stage uses it.</summary>
    public Dictionary<string, object>? Executor { get; set; }
    /// <summary>Slurm requests per stage ({cpus, mem, gpus, time, partition, account}); read by the engine like Executor.</summary>
    public Dictionary<string, object>? Resources { get; set; }
}

/// <summary>One dataset: its file (any supported format) and the paper dataset it reproduces.</summary>
public sealed class DatasetParameters
{
    /// <summary>Path of the dataset file, relative to the repository root.</summary>
    public string File { get; set; } = "";
    /// <summary>Paper dataset: SCNM, SCPOS-RW, SCPOS-N, SCPOS-Adj, SCPOS-NAdj or TCREE.</summary>
    public string Paper { get; set; } = "";
    /// <summary>Mutual-reinforcement strength the generated file was made with (null for real data).</summary>
    public double? Strength { get; set; }
    /// <summary>Drop malformed lines (listed in the split output) instead of failing.</summary>
    public bool SkipInvalid { get; set; }
}

/// <summary>The seed-42 train/test draw.</summary>
public sealed class SplitParameters
{
    /// <summary>pandas (DataFrame.sample twice, the default), numpy (permutation, sklearn semantics) or python (random.sample).</summary>
    public string Method { get; set; } = "pandas";
    public int Seed { get; set; } = 42;
    public int Train { get; set; } = 1000;
    public int Test { get; set; } = 1000;
}

/// <summary>The decoder language model: a small LLaMA trained here, or a Hugging Face checkpoint from a local path.</summary>
public sealed class LanguageModelParameters
{
    /// <summary>small (trained by the pretrain stage) or checkpoint (read from <see cref="Checkpoint"/>).</summary>
    public string Source { get; set; } = "small";
    /// <summary>Local Hugging Face checkpoint folder (config.json, *.safetensors, tokenizer.model) for source=checkpoint.</summary>
    public string Checkpoint { get; set; } = "";
    public int HiddenSize { get; set; } = 128;
    public int IntermediateSize { get; set; } = 344;
    public int Layers { get; set; } = 4;
    public int Heads { get; set; } = 4;
    public int KeyValueHeads { get; set; } = 4;
    public int MaxPositions { get; set; } = 256;
    public string Device { get; set; } = "cpu";
    public string Dtype { get; set; } = "float32";
    public int Threads { get; set; } = 2;
}

/// <summary>Causal-LM pretraining of the small base model on the unlabelled training texts.</summary>
public sealed class PretrainParameters
{
    public int Epochs { get; set; } = 3;
    public double LearningRate { get; set; } = 1e-3;
    public int WarmupSteps { get; set; } = 20;
    public int BatchSize { get; set; } = 16;
    public int Seed { get; set; } = 42;
}

/// <summary>Supervised fine-tuning per condition (paper: lr 1e-5, 100 warmup steps, 3 epochs, AdamW).</summary>
public sealed class FineTuneParameters
{
    public double LearningRate { get; set; } = 1e-5;
    public int WarmupSteps { get; set; } = 100;
    public int Epochs { get; set; } = 3;
    public int BatchSize { get; set; } = 8;
    public int GradientAccumulation { get; set; } = 1;
    public double WeightDecay { get; set; }
    public double MaxGradNorm { get; set; } = 1.0;
    /// <summary>linear (decay to 0 after warmup) or constant.</summary>
    public string Schedule { get; set; } = "linear";
    public List<int> Seeds { get; set; } = new() { 42 };
    public LoraParameters Lora { get; set; } = new();
}

/// <summary>LoRA adapters on the attention projections (for a 7B model on one GPU).</summary>
public sealed class LoraParameters
{
    public bool Enabled { get; set; }
    public int Rank { get; set; } = 8;
    public double Alpha { get; set; } = 16;
    public double Dropout { get; set; } = 0.05;
}

/// <summary>Greedy-decoding evaluation on the test split.</summary>
public sealed class EvaluateParameters
{
    public int MaxNewTokens { get; set; } = 64;
    public int BatchSize { get; set; } = 32;
    public int BootstrapResamples { get; set; } = 1000;
    public int BootstrapSeed { get; set; } = 42;
}

/// <summary>Saliency information flow (spec A): which loss, how many samples, whether the BOS column counts.</summary>
public sealed class SaliencyParameters
{
    public int Samples { get; set; } = 1000;
    /// <summary>full (cross-entropy over the whole vocabulary, the default) or labels (over the label tokens only).</summary>
    public string Loss { get; set; } = "full";
    public bool IncludeBos { get; set; } = true;
}

/// <summary>The T5 model of the few-shot verbalizer stage: small and pretrained here, or a local checkpoint.</summary>
public sealed class T5Parameters
{
    /// <summary>small (pretrained by the t5pretrain stage) or checkpoint (read from <see cref="Checkpoint"/>).</summary>
    public string Source { get; set; } = "small";
    public string Checkpoint { get; set; } = "";
    public int DModel { get; set; } = 128;
    public int DFf { get; set; } = 256;
    public int DKv { get; set; } = 32;
    public int Heads { get; set; } = 4;
    public int Layers { get; set; } = 2;
    public int PretrainEpochs { get; set; } = 3;
    public double PretrainLearningRate { get; set; } = 1e-3;
    public int PretrainBatchSize { get; set; } = 16;
    public int Seed { get; set; } = 42;
}

/// <summary>Few-shot prompt classification with a manual or knowledgeable verbalizer (Table 4).</summary>
public sealed class VerbalizerParameters
{
    public int ShotsPerLabel { get; set; } = 100;
    public int Epochs { get; set; } = 5;
    public double LearningRate { get; set; } = 3e-5;
    public double WeightLearningRate { get; set; } = 0.06;
    public int BatchSize { get; set; } = 30;
    public int TopWords { get; set; } = 100;
    public string Template { get; set; } = "{text} この文章のカテゴリーは<extra_id_0>です。";
    public string Prefix { get; set; } = "";
    /// <summary>first, mean or max over the sub-tokens of a multi-token label word.</summary>
    public string MultiToken { get; set; } = "first";
    public bool Calibration { get; set; }
    public int Seed { get; set; } = 144;
}

/// <summary>Report options.</summary>
public sealed class ReportParameters
{
    public string Title { get; set; } = "Demonstrating Mutual Reinforcement Effect through Information Flow — reproduction";
}
