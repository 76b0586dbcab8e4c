namespace MreRepro.Domain.Formats;

/// <summary>How <see cref="AnswerFormat.ParseWordLevel"/> reads a word-level answer.</summary>
public enum WordLevelParsing
{
    /// <summary>Exactly the answer grammar: 無い, or label;word items joined by ':'. Used to score generations.</summary>
    Strict,

    /// <summary>Tolerates separator noise and folds a segment without ';' into the previous word (words containing ':').</summary>
    Lenient,
}
