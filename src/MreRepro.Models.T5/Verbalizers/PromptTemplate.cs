using MreRepro.Models.T5.Tokenization;

namespace MreRepro.Models.T5.Verbalizers;

/// <summary>A prompt with {text} and a &lt;extra_id_0&gt; mask; parts are tokenized separately as OpenPrompt does.</summary>
public sealed class PromptTemplate
{
    public const string DefaultJapanese = "{text} この文章のカテゴリーは<extra_id_0>です。";
    private const string TextSlot = "{text}";
    private const string MaskSlot = "<extra_id_0>";

    private readonly int[] _head;
    private readonly int[] _middle;
    private readonly int[] _tail;
    private readonly bool _maskBeforeText;
    private readonly IT5Tokenizer _tokenizer;

    public PromptTemplate(IT5Tokenizer tokenizer, string template = DefaultJapanese)
    {
        var textAt = template.IndexOf(TextSlot, StringComparison.Ordinal);
        var maskAt = template.IndexOf(MaskSlot, StringComparison.Ordinal);
        if (textAt < 0 || maskAt < 0)
        {
            throw new ArgumentException($"template '{template}' needs both {TextSlot} and {MaskSlot}", nameof(template));
        }
        _tokenizer = tokenizer;
        _maskBeforeText = maskAt < textAt;
        var first = Math.Min(textAt, maskAt);
        var second = Math.Max(textAt, maskAt);
        var firstLength = _maskBeforeText ? MaskSlot.Length : TextSlot.Length;
        var secondLength = _maskBeforeText ? TextSlot.Length : MaskSlot.Length;
        _head = tokenizer.Encode(template[..first].Trim());
        _middle = tokenizer.Encode(template[(first + firstLength)..second].Trim());
        _tail = tokenizer.Encode(template[(second + secondLength)..].Trim());
        Template = template;
    }

    public string Template { get; }

    /// <summary>Whether <see cref="Encode"/> cuts the text to fit maxLength.</summary>
    public bool Truncates(string text, int maxLength) => _tokenizer.Encode(text).Length > Room(maxLength);

    /// <summary>Encoder ids: template parts, the text truncated from its tail to fit maxLength, the mask sentinel, EOS.</summary>
    public int[] Encode(string text, int maxLength)
    {
        var textIds = _tokenizer.Encode(text);
        var room = Room(maxLength);
        if (textIds.Length > room)
        {
            textIds = textIds[..room];
        }
        var mask = new[] { _tokenizer.SentinelId(0) };
        return _maskBeforeText
            ? [.. _head, .. mask, .. _middle, .. textIds, .. _tail, _tokenizer.EosId]
            : [.. _head, .. textIds, .. _middle, .. mask, .. _tail, _tokenizer.EosId];
    }

    // What maxLength leaves for the text after the template's parts, the mask sentinel and EOS.
    private int Room(int maxLength) => Math.Max(0, maxLength - (_head.Length + _middle.Length + _tail.Length + 2));
}
