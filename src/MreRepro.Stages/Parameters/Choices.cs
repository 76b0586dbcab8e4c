namespace MreRepro.Stages.Parameters;

// The choices of params.yaml. Each value is written in params.yaml (and in the report's run facts) as its name
// in lower case; any other value fails when the file is read, naming the line and the allowed values.

/// <summary>Where a model comes from: trained here (small) or read from a local Hugging Face folder (checkpoint).</summary>
public enum ModelSource
{
    Small,
    Checkpoint,
}

/// <summary>The device models run on.</summary>
public enum ComputeDevice
{
    Cpu,
    Cuda,
}

/// <summary>The floating-point type a loaded checkpoint is cast to.</summary>
public enum ModelDtype
{
    Float32,
    Float16,
    BFloat16,
}

/// <summary>The learning rate after warmup: linear decay to 0, or constant.</summary>
public enum DecaySchedule
{
    Linear,
    Constant,
}

/// <summary>The saliency loss: cross-entropy over the whole vocabulary, or over the label tokens only.</summary>
public enum SaliencyLoss
{
    Full,
    Labels,
}

/// <summary>How a label word of several sub-tokens is scored: its first sub-token, or the mean or max over them.</summary>
public enum MultiTokenScore
{
    First,
    Mean,
    Max,
}

/// <summary>KPT's relevance refinement of the knowledgeable verbalizer's label words: none, or its tfidf_filter.</summary>
public enum RelevanceFilter
{
    None,
    Tfidf,
}
