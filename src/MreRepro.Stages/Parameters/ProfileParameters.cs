using System.ComponentModel.DataAnnotations;

namespace MreRepro.Stages.Parameters;

/// <summary>All parameters of one profile (a top-level section of params.yaml: smoke, default, sweep or paper).</summary>
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
    /// <summary>The dataset's label inventory (text and word level); a level left out uses the paper dataset's built-in one.</summary>
    public DatasetLabelParameters? Labels { get; set; }
    /// <summary>Drop rows whose text repeats an earlier row's before drawing (off by default, so the draw matches pandas on the file).</summary>
    public bool DropDuplicateTexts { get; set; }
}

/// <summary>A declared label inventory; its order defines the label numbers in prompts.</summary>
public sealed class DatasetLabelParameters
{
    public List<string>? Text { get; set; }
    public List<string>? Word { get; set; }
}

/// <summary>The seed-42 train/test draw.</summary>
public sealed class SplitParameters
{
    /// <summary>pandas (DataFrame.sample twice, the default), numpy (permutation, sklearn semantics) or python (random.sample).</summary>
    [AllowedValues("pandas", "numpy", "python")] public string Method { get; set; } = "pandas";
    public int Seed { get; set; } = 42;
    public int Train { get; set; } = 1000;
    public int Test { get; set; } = 1000;
}

/// <summary>The decoder language model: a small LLaMA trained here, or a Hugging Face checkpoint from a local path.</summary>
public sealed class LanguageModelParameters
{
    /// <summary>small (trained by the pretrain stage) or checkpoint (read from <see cref="Checkpoint"/>).</summary>
    public ModelSource Source { get; set; } = ModelSource.Small;
    /// <summary>Local Hugging Face checkpoint folder (config.json, *.safetensors, tokenizer.model) for source=checkpoint.</summary>
    public string Checkpoint { get; set; } = "";
    [Range(1, int.MaxValue)] public int HiddenSize { get; set; } = 128;
    [Range(1, int.MaxValue)] public int IntermediateSize { get; set; } = 344;
    [Range(1, int.MaxValue)] public int Layers { get; set; } = 4;
    [Range(1, int.MaxValue)] public int Heads { get; set; } = 4;
    [Range(1, int.MaxValue)] public int KeyValueHeads { get; set; } = 4;
    [Range(1, int.MaxValue)] public int MaxPositions { get; set; } = 256;
    public ComputeDevice Device { get; set; } = ComputeDevice.Cpu;
    public ModelDtype Dtype { get; set; } = ModelDtype.Float32;
    /// <summary>Torch CPU threads (0: torch's default); outputs are bit-identical only for the same count.</summary>
    [Range(0, int.MaxValue)] public int Threads { get; set; } = 2;
}

/// <summary>Causal-LM pretraining of the small base model on the unlabelled training texts.</summary>
public sealed class PretrainParameters : ITrainingParameters
{
    /// <summary>0 when the model comes from a checkpoint (the stage does not run).</summary>
    [Range(0, int.MaxValue)] public int Epochs { get; set; } = 3;
    [Range(0.0, double.MaxValue)] public double LearningRate { get; set; } = 1e-3;
    [Range(0, int.MaxValue)] public int WarmupSteps { get; set; } = 20;
    [Range(1, int.MaxValue)] public int BatchSize { get; set; } = 16;
    [Range(1, int.MaxValue)] public int GradientAccumulation { get; set; } = 1;
    [Range(0.0, double.MaxValue)] public double WeightDecay { get; set; }
    /// <summary>Global gradient-norm clip; 0 turns clipping off.</summary>
    [Range(0.0, double.MaxValue)] public double MaxGradNorm { get; set; } = 1.0;
    public DecaySchedule Schedule { get; set; } = DecaySchedule.Linear;
    public int Seed { get; set; } = 42;
}

/// <summary>Supervised fine-tuning per condition (paper: lr 1e-5, 100 warmup steps, 3 epochs, AdamW).</summary>
public sealed class FineTuneParameters : ITrainingParameters
{
    [Range(0.0, double.MaxValue)] public double LearningRate { get; set; } = 1e-5;
    [Range(0, int.MaxValue)] public int WarmupSteps { get; set; } = 100;
    [Range(1, int.MaxValue)] public int Epochs { get; set; } = 3;
    [Range(1, int.MaxValue)] public int BatchSize { get; set; } = 8;
    [Range(1, int.MaxValue)] public int GradientAccumulation { get; set; } = 1;
    [Range(0.0, double.MaxValue)] public double WeightDecay { get; set; }
    /// <summary>Global gradient-norm clip; 0 turns clipping off.</summary>
    [Range(0.0, double.MaxValue)] public double MaxGradNorm { get; set; } = 1.0;
    /// <summary>linear (decay to 0 after warmup) or constant.</summary>
    public DecaySchedule Schedule { get; set; } = DecaySchedule.Linear;
    /// <summary>One fine-tuned model per seed, each its own stage instance; evaluation and saliency report the mean over them.</summary>
    [MinLength(1)] public List<int> Seeds { get; set; } = new() { 42 };
    /// <summary>Training records held out for model selection (never test records); 0 trains on every record and keeps the last epoch.</summary>
    [Range(0, int.MaxValue)] public int Validation { get; set; }
    /// <summary>Seed of the draw of the held-out records from the training part (the same for every fine-tuning seed).</summary>
    public int ValidationSeed { get; set; } = 42;
    /// <summary>Stop after this many epochs without a lower validation loss (0: never stop early); needs validation.</summary>
    [Range(0, int.MaxValue)] public int Patience { get; set; }
    public LoraParameters Lora { get; set; } = new();
}

/// <summary>LoRA adapters on the attention projections (for a 7B model on one GPU).</summary>
public sealed class LoraParameters
{
    public bool Enabled { get; set; }
    [Range(1, int.MaxValue)] public int Rank { get; set; } = 8;
    [Range(0.0, double.MaxValue)] public double Alpha { get; set; } = 16;
    [Range(0.0, 1.0)] public double Dropout { get; set; } = 0.05;
}

/// <summary>Greedy-decoding evaluation on the test split.</summary>
public sealed class EvaluateParameters
{
    [Range(1, int.MaxValue)] public int MaxNewTokens { get; set; } = 64;
    [Range(1, int.MaxValue)] public int BatchSize { get; set; } = 32;
    [Range(1, int.MaxValue)] public int BootstrapResamples { get; set; } = 1000;
    public int BootstrapSeed { get; set; } = 42;
}

/// <summary>Saliency information flow (spec A): which loss, how many samples, whether the BOS column counts.</summary>
public sealed class SaliencyParameters
{
    [Range(1, int.MaxValue)] public int Samples { get; set; } = 1000;
    /// <summary>full (cross-entropy over the whole vocabulary, the default) or labels (over the label tokens only).</summary>
    public SaliencyLoss Loss { get; set; } = SaliencyLoss.Full;
    public bool IncludeBos { get; set; } = true;
}

/// <summary>The T5 model of the few-shot verbalizer stage: small and pretrained here, or a local checkpoint.</summary>
public sealed class T5Parameters : ITrainingParameters
{
    /// <summary>small (pretrained by the t5pretrain stage) or checkpoint (read from <see cref="Checkpoint"/>).</summary>
    public ModelSource Source { get; set; } = ModelSource.Small;
    public string Checkpoint { get; set; } = "";
    /// <summary>Where the T5 runs (t5pretrain and verbalizer): cpu or cuda.</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Cpu;
    [Range(1, int.MaxValue)] public int DModel { get; set; } = 128;
    [Range(1, int.MaxValue)] public int DFf { get; set; } = 256;
    [Range(1, int.MaxValue)] public int DKv { get; set; } = 32;
    [Range(1, int.MaxValue)] public int Heads { get; set; } = 4;
    [Range(1, int.MaxValue)] public int Layers { get; set; } = 2;
    /// <summary>0 when the T5 comes from a checkpoint (the stage does not run).</summary>
    [Range(0, int.MaxValue)] public int PretrainEpochs { get; set; } = 3;
    [Range(0.0, double.MaxValue)] public double PretrainLearningRate { get; set; } = 1e-3;
    [Range(0, int.MaxValue)] public int PretrainWarmupSteps { get; set; } = 10;
    [Range(1, int.MaxValue)] public int PretrainBatchSize { get; set; } = 16;
    [Range(1, int.MaxValue)] public int PretrainGradientAccumulation { get; set; } = 1;
    [Range(0.0, double.MaxValue)] public double PretrainWeightDecay { get; set; }
    /// <summary>Global gradient-norm clip of span-corruption pretraining; 0 turns clipping off.</summary>
    [Range(0.0, double.MaxValue)] public double PretrainMaxGradNorm { get; set; } = 1.0;
    public DecaySchedule PretrainSchedule { get; set; } = DecaySchedule.Linear;
    public int Seed { get; set; } = 42;

    // Span-corruption pretraining's loop settings are the pretrain_* keys.
    double ITrainingParameters.LearningRate => PretrainLearningRate;
    int ITrainingParameters.WarmupSteps => PretrainWarmupSteps;
    int ITrainingParameters.Epochs => PretrainEpochs;
    int ITrainingParameters.BatchSize => PretrainBatchSize;
    int ITrainingParameters.GradientAccumulation => PretrainGradientAccumulation;
    double ITrainingParameters.WeightDecay => PretrainWeightDecay;
    double ITrainingParameters.MaxGradNorm => PretrainMaxGradNorm;
    DecaySchedule ITrainingParameters.Schedule => PretrainSchedule;
}

/// <summary>Few-shot prompt classification with a manual or knowledgeable verbalizer (Table 4).</summary>
public sealed class VerbalizerParameters : ITrainingParameters
{
    [Range(1, int.MaxValue)] public int ShotsPerLabel { get; set; } = 100;
    [Range(1, int.MaxValue)] public int Epochs { get; set; } = 5;
    [Range(0.0, double.MaxValue)] public double LearningRate { get; set; } = 3e-5;
    /// <summary>AdamW weight decay of the T5's weights (bias and LayerNorm excluded), KPT's 0.01.</summary>
    [Range(0.0, double.MaxValue)] public double WeightDecay { get; set; } = 0.01;
    /// <summary>Learning rate of the knowledgeable verbalizer's label-word weights.</summary>
    [Range(0.0, double.MaxValue)] public double WeightLearningRate { get; set; } = 0.06;
    /// <summary>AdamW's epsilon for the T5 and the label-word weights: 1e-6, the default of transformers.AdamW that KPT's fewshot.py uses.</summary>
    [Range(0.0, double.MaxValue)] public double AdamEpsilon { get; set; } = 1e-6;
    /// <summary>Global gradient-norm clip; 0 turns clipping off.</summary>
    [Range(0.0, double.MaxValue)] public double MaxGradNorm { get; set; } = 1.0;
    [Range(1, int.MaxValue)] public int BatchSize { get; set; } = 30;
    [Range(1, int.MaxValue)] public int TopWords { get; set; } = 100;
    /// <summary>Prompt length in tokens: longer texts are cut before the template's tail.</summary>
    [Range(1, int.MaxValue)] public int MaxLength { get; set; } = 128;
    public string Template { get; set; } = "{text} この文章のカテゴリーは<extra_id_0>です。";
    public string Prefix { get; set; } = "";
    /// <summary>first, mean or max over the sub-tokens of a multi-token label word.</summary>
    public MultiTokenScore MultiToken { get; set; } = MultiTokenScore.First;
    /// <summary>Contextual calibration (spec B5): divide label-word probabilities by their mean over a support set; off in KPT's released few-shot script.</summary>
    public bool Calibration { get; set; }
    /// <summary>Frequency refinement with calibration (KV only): drop label words that use the lowest candidate_frac·V prior ids (KPT: 0.5 for short-text topic data, 0 for long reviews).</summary>
    [Range(0.0, 1.0)] public double CandidateFrac { get; set; } = 0.5;
    /// <summary>Relevance refinement: none (KPT's released few-shot script) or tfidf (KPT's tfidf_filter).</summary>
    public RelevanceFilter Filter { get; set; } = RelevanceFilter.None;
    /// <summary>Support set for calibration and the relevance filter: examples drawn from the training split (KPT: 200).</summary>
    [Range(1, int.MaxValue)] public int SupportExamples { get; set; } = 200;
    /// <summary>One few-shot run per seed (its own draw of train and dev examples and its own training), all in one instance; metrics report the mean.</summary>
    [MinLength(1)] public List<int> Seeds { get; set; } = new() { 144 };

    // KPT's loop has no warmup, no accumulation and a linear decay; these are not params.yaml keys.
    int ITrainingParameters.WarmupSteps => 0;
    int ITrainingParameters.GradientAccumulation => 1;
    DecaySchedule ITrainingParameters.Schedule => DecaySchedule.Linear;
}

/// <summary>Report options.</summary>
public sealed class ReportParameters
{
    public string Title { get; set; } = "Demonstrating Mutual Reinforcement Effect through Information Flow — reproduction";
}
