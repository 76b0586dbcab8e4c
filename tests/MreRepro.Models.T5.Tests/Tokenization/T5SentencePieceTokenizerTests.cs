using System.Text.Json;
using MreRepro.Models.T5.Tokenization;

namespace MreRepro.Models.T5.Tests.Tokenization;

public sealed class T5SentencePieceTokenizerTests
{
    [SkippableFact]
    public void Should_encode_jobs_sentence_like_google_sentencepiece()
    {
        var tokenizer = T5SentencePieceTokenizer.Load(SharedData.SpieceModel());
        Assert.Equal([5, 18688, 9, 25418, 7696, 12778, 6, 10561, 23, 4, 1], tokenizer.EncodeWithEos("スティーブ・ジョブズはアップルの創業者である。"));
    }

    [SkippableFact]
    public void Should_match_reference_ids_for_japanese_sentences()
    {
        var tokenizer = T5SentencePieceTokenizer.Load(SharedData.SpieceModel());
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "References", "spiece_reference.json")));
        foreach (var item in reference.RootElement.GetProperty("cases").EnumerateArray())
        {
            var text = item.GetProperty("text").GetString()!;
            var expected = item.GetProperty("ids").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            Assert.True(expected.SequenceEqual(tokenizer.Encode(text)), $"'{text}': expected [{string.Join(",", expected)}], got [{string.Join(",", tokenizer.Encode(text))}]");
        }
    }

    [SkippableFact]
    public void Should_place_sentinels_after_pieces_like_hugging_face()
    {
        var tokenizer = T5SentencePieceTokenizer.Load(SharedData.SpieceModel());
        Assert.Equal(32100, tokenizer.VocabSize);
        Assert.Equal(32099, tokenizer.SentinelId(0));
        Assert.Equal(32000, tokenizer.SentinelId(99));
        var ids = tokenizer.Encode("東京は<extra_id_0>です。");
        Assert.Contains(32099, ids);
        Assert.DoesNotContain(0, ids);
    }

    [SkippableFact]
    public void Should_decode_back_to_text_without_specials()
    {
        var tokenizer = T5SentencePieceTokenizer.Load(SharedData.SpieceModel());
        const string text = "吾輩は猫である。名前はまだ無い。";
        Assert.Equal(text, tokenizer.Decode(tokenizer.EncodeWithEos(text)));
    }
}
