namespace MreRepro.Models.T5.Tokenization;

/// <summary>What T5 code needs from a tokenizer: plain ids, no BOS, EOS and sentinels by id.</summary>
public interface IT5Tokenizer
{
    /// <summary>Token ids of the text, without special tokens.</summary>
    int[] Encode(string text);

    /// <summary>Text of the ids; pad, EOS and sentinels are dropped.</summary>
    string Decode(IEnumerable<int> ids);

    int PadId { get; }

    int EosId { get; }

    /// <summary>Id of &lt;extra_id_i&gt;.</summary>
    int SentinelId(int i);

    /// <summary>Number of ids including sentinels; the model's vocab_size may be larger (padding).</summary>
    int VocabSize { get; }
}
