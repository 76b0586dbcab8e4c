using System.Text.Json;
using MreRepro.Models.T5.Tokenization;

namespace MreRepro.Models.T5.Tests.Tokenization;

/// <summary>
/// Without ../shared: a tiny Unigram model with t5-base-japanese's special ids (bos_id -1, which the loader must
/// patch for Microsoft.ML.Tokenizers) and Google sentencepiece's ids for held-out Japanese (make_tiny_spiece.py).
/// </summary>
public sealed class TinySpieceTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "References");

    private static (T5SentencePieceTokenizer Tokenizer, JsonElement Reference) Load()
    {
        var tokenizer = T5SentencePieceTokenizer.Load(Path.Combine(Folder, "tiny_spiece", "spiece.model"));
        var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "tiny_spiece_reference.json"))).RootElement;
        return (tokenizer, reference);
    }

    [Fact]
    public void Should_load_a_model_whose_bos_id_is_minus_one_and_give_google_ids()
    {
        var (tokenizer, reference) = Load();
        Assert.Equal(-1, reference.GetProperty("bos_id").GetInt32());
        var cases = reference.GetProperty("cases").EnumerateArray().ToList();
        Assert.True(cases.Count >= 5);
        foreach (var item in cases)
        {
            var text = item.GetProperty("text").GetString()!;
            var expected = item.GetProperty("ids").EnumerateArray().Select(v => v.GetInt32()).ToList();
            Assert.Equal(expected, tokenizer.Encode(text));
            Assert.Equal([.. expected, reference.GetProperty("eos_id").GetInt32()], tokenizer.EncodeWithEos(text));
            if (!expected.Contains(reference.GetProperty("unk_id").GetInt32()))
            {
                Assert.Equal(item.GetProperty("decoded").GetString(), tokenizer.Decode(tokenizer.EncodeWithEos(text)));
            }
        }
        // The held-out texts include characters the model never saw, which must become <unk> as in Google's library.
        Assert.Contains(cases, c => c.GetProperty("ids").EnumerateArray().Any(v => v.GetInt32() == 2));
    }

    [Fact]
    public void Should_put_the_sentinels_after_the_pieces_as_hugging_face_does()
    {
        var (tokenizer, reference) = Load();
        var pieces = reference.GetProperty("pieces").GetInt32();
        Assert.Equal(pieces + 100, tokenizer.VocabSize);
        Assert.Equal(pieces + 99, tokenizer.SentinelId(0));
        Assert.Equal(pieces, tokenizer.SentinelId(99));
        Assert.Contains(pieces + 99, tokenizer.Encode("科学<extra_id_0>です。"));
    }
}
