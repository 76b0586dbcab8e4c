namespace MreRepro.Domain.Formats;

/// <summary>The on-disk dataset layouts <see cref="DatasetReader"/> recognises from a file's content.</summary>
public enum DatasetFormat
{
    /// <summary>This project's JSONL: {"id","text","text_label","pairs":[{"label","word","start"}]} per line.</summary>
    Canonical,
    /// <summary>MMM/OIELLM JSON or JSONL: {"input": "text/NER", "output": "TL/NER/:label;entity..."}.</summary>
    Mmm,
    /// <summary>SLG/GIELLM CSV lines <c>text,,:TL;：label；entity…</c>.</summary>
    Slg,
    /// <summary>Stockmark ner-wikipedia <c>ner.json</c>: [{curid, text, entities:[{name, span, type}]}], no text-level label.</summary>
    StockmarkNer,
}
