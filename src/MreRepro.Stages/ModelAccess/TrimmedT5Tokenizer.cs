using MreRepro.Models.T5.Tokenization;
using MreRepro.Models.Tokenization;

namespace MreRepro.Stages.ModelAccess;

/// <summary>
/// The default profile's T5 tokenizer: the decoder's trimmed o200k vocabulary (no download) plus 100 sentinels
/// after it, numbered as Hugging Face does from the top (&lt;extra_id_i&gt; = vocab + 99 − i); pad and EOS are the
/// trimmed tokenizer's. A literal &lt;extra_id_N&gt; in text (the prompt template's mask) becomes its sentinel.
/// </summary>
public sealed class TrimmedT5Tokenizer(TrimmedTokenizer inner) : IT5Tokenizer
{
    public const int Sentinels = 100;

    public int PadId => inner.PadId;
    public int EosId => inner.EosId;
    public int VocabSize => inner.VocabSize + Sentinels;

    public int SentinelId(int i) => inner.VocabSize + Sentinels - 1 - i;

    public int[] Encode(string text)
    {
        var ids = new List<int>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("<extra_id_", at, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf('>', open);
            if (open < 0 || close < 0 || !int.TryParse(text.AsSpan(open + 10, close - open - 10), out var n) || n is < 0 or >= Sentinels)
            {
                ids.AddRange(inner.EncodeWithOffsets(text[at..]).Select(t => t.Id));
                break;
            }
            ids.AddRange(inner.EncodeWithOffsets(text[at..open]).Select(t => t.Id));
            ids.Add(SentinelId(n));
            at = close + 1;
        }
        return ids.ToArray();
    }

    public string Decode(IEnumerable<int> ids) => inner.Decode(ids.Where(i => i < inner.VocabSize));
}
