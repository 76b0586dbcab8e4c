namespace MreRepro.Domain.Prompts;

/// <summary>Which part of the prompt a piece of text is.</summary>
public enum PromptPart
{
    Instruction,
    Text,
    Information,
}

/// <summary>A piece of the user message.</summary>
public sealed record PromptSegment(PromptPart Part, string Content);

/// <summary>A user message as ordered, tagged segments, and the answer the model is trained to give.</summary>
public sealed record Prompt(IReadOnlyList<PromptSegment> Segments, string Answer)
{
    /// <summary>The user message as one string (the segments joined with nothing between them).</summary>
    public string UserText => string.Concat(Segments.Select(s => s.Content));
}
