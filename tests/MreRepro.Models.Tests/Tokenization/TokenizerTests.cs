using MreRepro.Models.Tokenization;

namespace MreRepro.Models.Tests.Tokenization;

/// <summary>The two tokenizers: the trimmed o200k one and LLaMA-2's SentencePiece model.</summary>
public sealed class TokenizerTests
{
    [Fact]
    public void Should_trim_o200k_to_the_corpus_and_round_trip_japanese()
    {
        var tokenizer = TrimmedTokenizer.Build(["佐藤氏が語った。", "京都の街を訪れた。"]);
        Assert.InRange(tokenizer.VocabSize, 8, 40);
        var ids = tokenizer.EncodeWithOffsets("京都の街を訪れた。");
        Assert.DoesNotContain(ids, t => t.Id == tokenizer.UnknownId);
        Assert.Equal("京都の街を訪れた。", tokenizer.Decode(ids.Select(t => t.Id)));
        Assert.Contains(tokenizer.EncodeWithOffsets("火星"), t => t.Id == tokenizer.UnknownId);
    }

    [Fact]
    public void Should_save_and_load_the_trimmed_vocabulary_deterministically()
    {
        var folder = Directory.CreateTempSubdirectory("mre-tok-").FullName;
        var a = TrimmedTokenizer.Build(["語った", "佐藤"]);
        a.Save(folder);
        var b = (TrimmedTokenizer)ModelTokenizers.Load(folder);
        Assert.Equal(a.EncodeWithOffsets("佐藤が語った"), b.EncodeWithOffsets("佐藤が語った"));
        var again = Directory.CreateTempSubdirectory("mre-tok-").FullName;
        TrimmedTokenizer.Build(["佐藤", "語った"]).Save(again);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, TrimmedTokenizer.FileName)), File.ReadAllBytes(Path.Combine(again, TrimmedTokenizer.FileName)));
    }

    [Fact]
    public void Should_encode_extra_special_tokens_as_single_ids_and_decode_them_back()
    {
        var tokenizer = TrimmedTokenizer.Build(["佐藤氏が語った。"], ["[INST]", "[/INST]"]);
        Assert.Equal(["<unk>", "<s>", "</s>", "<pad>", "[INST]", "[/INST]"], tokenizer.SpecialTokens);
        var tokens = tokenizer.EncodeWithOffsets("[INST]佐藤氏が語った。[/INST]");
        Assert.Equal(new TokenOffset(4, 0, 6), tokens[0]);
        Assert.Equal(new TokenOffset(5, 14, 7), tokens[^1]);
        Assert.DoesNotContain(tokens, t => t.Id == tokenizer.UnknownId);
        Assert.Equal("[INST]佐藤氏が語った。[/INST]", tokenizer.Decode(tokenizer.Encode("[INST]佐藤氏が語った。[/INST]")));
        // The base specials vanish on decoding; the text between them is kept.
        Assert.Equal("佐藤", tokenizer.Decode([tokenizer.BosId, .. tokenizer.Encode("佐藤"), tokenizer.EosId, tokenizer.PadId]));
        Assert.Throws<ArgumentException>(() => TrimmedTokenizer.Build(["x"], ["<s>"]));
    }

    [Fact]
    public void Should_keep_extra_special_tokens_through_save_and_load()
    {
        var folder = Directory.CreateTempSubdirectory("mre-tok-").FullName;
        var a = TrimmedTokenizer.Build(["京都"], ["<sep>"]);
        a.Save(folder);
        var b = (TrimmedTokenizer)ModelTokenizers.Load(folder);
        Assert.Equal(a.SpecialTokens, b.SpecialTokens);
        Assert.Equal(a.Encode("京都<sep>京都"), b.Encode("京都<sep>京都"));
        Assert.Equal(a.VocabSize, b.VocabSize);
    }

    /// <summary>
    /// Without ../shared: a tiny SentencePiece model trained with LLaMA-2's settings (BPE, byte fallback, split digits,
    /// identity normalisation) and Google sentencepiece's ids for held-out Japanese, made by make_spm_reference.py.
    /// </summary>
    [Fact]
    public void Should_give_google_sentencepiece_ids_for_a_committed_llama_style_model()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "References");
        var tokenizer = LlamaSentencePieceTokenizer.Load(Path.Combine(folder, "tiny_spm", LlamaSentencePieceTokenizer.FileName));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "spm_reference.json")));
        var root = json.RootElement;
        Assert.Equal(root.GetProperty("vocab_size").GetInt32(), tokenizer.VocabSize);
        Assert.Equal(root.GetProperty("bos_id").GetInt32(), tokenizer.BosId);
        Assert.Equal(root.GetProperty("eos_id").GetInt32(), tokenizer.EosId);
        var cases = root.GetProperty("cases").EnumerateArray().ToList();
        Assert.True(cases.Count >= 5);
        foreach (var item in cases)
        {
            var text = item.GetProperty("text").GetString()!;
            var expected = item.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
            Assert.Equal(expected, tokenizer.Encode(text));
            Assert.Equal([tokenizer.BosId, .. expected], tokenizer.EncodeToIds(text, addBos: true));
            Assert.Equal(item.GetProperty("decoded").GetString(), tokenizer.Decode(expected));
            // Offsets index the caller's text (the dummy-prefix "▁" is not a character of it).
            var offsets = tokenizer.EncodeWithOffsets(text);
            Assert.All(offsets, t => Assert.InRange(t.Start + t.Length, 0, text.Length));
        }
        // The held-out texts do exercise byte fallback (<0x..> pieces), which LLaMA-2 relies on for rare kanji.
        Assert.Contains(cases, c => c.GetProperty("pieces").EnumerateArray().Any(p => p.GetString()!.StartsWith("<0x", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public void Should_give_google_sentencepiece_ids_for_llama2()
    {
        var model = Repository.SharedFile("data/tokenizers/llama2/tokenizer.model");
        Skip.If(model is null, "../shared/data/tokenizers/llama2/tokenizer.model not found (set MRE_SHARED); the LLaMA-2 tokenizer check needs it.");
        var tokenizer = LlamaSentencePieceTokenizer.Load(model!);
        // Reference ids from Google's sentencepiece (spec/methods.md, findings), BOS included.
        int[] expected = [1, 29871, 30255, 30572, 30532, 30185, 30582, 30290, 30391, 30907, 30582, 30719, 30449, 30310, 30317, 30605, 30258, 30199, 232, 140, 184, 31564, 30767, 30499, 30641, 30332, 30267];
        Assert.Equal(expected, tokenizer.EncodeToIds("スティーブ・ジョブズはアップルの創業者である。", addBos: true));
        Assert.Equal(1, tokenizer.BosId);
        Assert.Equal(2, tokenizer.EosId);
        Assert.Equal(32000, tokenizer.VocabSize);
    }
}
