namespace MreRepro.Domain.Records;

/// <summary>The six MRE-mix datasets of the paper.</summary>
public enum DatasetKind
{
    /// <summary>Sentence classification + named entity recognition (Stockmark Wikipedia NER).</summary>
    Scnm,
    /// <summary>Text sentiment + sentiment of related words.</summary>
    ScposRw,
    /// <summary>Text sentiment + sentiment of nouns.</summary>
    ScposN,
    /// <summary>Text sentiment + sentiment of adjectives.</summary>
    ScposAdj,
    /// <summary>Text sentiment + sentiment of nouns and adjectives.</summary>
    ScposNAdj,
    /// <summary>Text classification + relation and event extraction.</summary>
    Tcree,
}
