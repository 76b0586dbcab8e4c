using MreRepro.Domain.Corpus;
using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Tests.Formats;

/// <summary>The word-level grammar of MMM and SLG lines: exact words, separators inside words, ambiguous lines reported.</summary>
public sealed class WordLevelGrammarTests : IDisposable
{
    // The built-in SCNM inventory: the real Stockmark file below must pass it (its eight entity types).
    private static readonly ReadOptions s_scnm = new()
    {
        KnownTextLabels = LabelInventory.For(DatasetKind.Scnm).TextLabels.ToHashSet(),
        KnownWordLabels = LabelInventory.For(DatasetKind.Scnm).WordLabels.ToHashSet(),
    };

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Should_keep_a_colon_inside_a_word_that_cannot_start_a_pair()
    {
        const string text = "「アートは心のためにある:UBSアートコレクションより」展がJ:COM春日部で開かれた。";
        var record = ReadMmm(text, "文芸/NER/:イベント名;「アートは心のためにある:UBSアートコレクションより」展:法人名;J:COM春日部");

        Assert.Equal(
            [new WordPair("イベント名", "「アートは心のためにある:UBSアートコレクションより」展", 0), new WordPair("法人名", "J:COM春日部", 30)],
            record.Pairs);
    }

    [Fact]
    public void Should_report_a_word_holding_colon_label_semicolon_as_ambiguous_instead_of_splitting_it()
    {
        const string text = "「A:人名;B」展が開かれた。";
        var path = _folder.Write("amb.jsonl", Mmm(text, "文芸/NER/:イベント名;「A:人名;B」展"));

        var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path, s_scnm));

        Assert.Equal(1, error.Line);
        Assert.StartsWith(path + ":1: ", error.Message);
        Assert.Contains("':人名;' inside '「A:人名;B」展' may start a pair or belong to one word", error.Message);
        Assert.Contains("canonical JSONL", error.Message);
    }

    [Fact]
    public void Should_read_x_colon_y_semicolon_z_as_one_word_when_y_is_not_a_label_of_the_dataset()
    {
        const string text = "新曲X:Y;Zが出た。";
        var record = ReadMmm(text, "文芸/NER/:製品名;X:Y;Z", s_scnm);

        Assert.Equal(new WordPair("製品名", "X:Y;Z", 2), Assert.Single(record.Pairs));
    }

    [Fact]
    public void Should_not_invent_a_label_from_a_word_without_an_inventory_either()
    {
        const string text = "新曲X:Y;Zが出た。";
        var path = _folder.Write("xyz.jsonl", Mmm(text, "文芸/NER/:製品名;X:Y;Z"));

        var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path));

        Assert.Contains("':Y;' inside 'X:Y;Z' may start a pair", error.Reason);
    }

    [Fact]
    public void Should_split_real_pairs_whose_joined_form_is_not_in_the_text()
    {
        var record = ReadMmm("佐藤と田中が来た。", "社会/NER/:人名;佐藤:人名;田中", s_scnm);

        Assert.Equal([new WordPair("人名", "佐藤", 0), new WordPair("人名", "田中", 3)], record.Pairs);
    }

    [Fact]
    public void Should_keep_a_trailing_semicolon_and_a_leading_space_as_part_of_the_word()
    {
        var record = ReadMmm("値は 5;であり、佐藤;氏が来た。", "社会/NER/:数値; 5;:人名;佐藤;");

        Assert.Equal([new WordPair("数値", " 5;", 2), new WordPair("人名", "佐藤;", 9)], record.Pairs);
    }

    [Fact]
    public void Should_name_file_and_line_of_a_pair_without_word_or_label()
    {
        var path = _folder.Write("bad.jsonl",
            Mmm("佐藤が来た。", "社会/NER/:人名;佐藤") + Mmm("佐藤が来た。", "社会/NER/:人名;") + Mmm("佐藤が来た。", "社会/NER/:;佐藤") + Mmm("佐藤が来た。", "社会/NER/人名;佐藤"));

        var result = DatasetReader.Read(path, new ReadOptions { SkipInvalid = true });

        Assert.Equal([2, 3, 4], result.Invalid.Select(i => i.Line));
        Assert.Contains("pair ':人名;' has no word", result.Invalid[0].Reason);
        Assert.Contains("has no label before ';'", result.Invalid[1].Reason);
        Assert.Contains("expected ':label;word' pairs or 無い", result.Invalid[2].Reason);
    }

    [Fact]
    public void Should_cut_an_slg_line_at_the_only_valid_double_comma_colon()
    {
        const string text = "比率は2,,:1だった。";
        var path = _folder.Write("cut.csv", $"{text},,:社会;：人名；佐藤\n");

        var record = Assert.Single(DatasetReader.Read(path).Records);

        Assert.Equal(text, record.Text);
        Assert.Equal("社会", record.TextLabel);
    }

    [Fact]
    public void Should_report_an_slg_line_that_cuts_two_valid_ways()
    {
        var path = _folder.Write("twocuts.csv", "佐藤が来た,,:社会;：人名；佐藤,,:文芸;無い\n");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(1, error.Line);
        Assert.Contains("the text holds ',,:' and the line reads more than one way", error.Reason);
    }

    [Fact]
    public void Should_let_the_inventories_pick_the_only_cut_whose_labels_exist()
    {
        var path = _folder.Write("onecut.csv", "佐藤が来た,,:社会;：人名；佐藤,,:文芸;無い\n");

        var record = Assert.Single(DatasetReader.Read(path, s_scnm).Records);

        Assert.Equal(("佐藤が来た,,:社会;：人名；佐藤", "文芸"), (record.Text, record.TextLabel));
    }

    [Fact]
    public void Should_report_a_quoted_line_in_an_unquoted_file()
    {
        var path = _folder.Write("mixed.csv", "佐藤が来た,,:社会;：人名；佐藤\n\"田中が来た,,:社会;：人名；田中\"\n");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(2, error.Line);
        Assert.Contains("reads two ways", error.Reason);
    }

    [Theory]
    [InlineData("文芸/NER/", 0)]
    [InlineData("文芸/NER/無い", 0)]
    [InlineData("文芸/NER/:無い", 0)]
    [InlineData("文芸/NER/:無い;", 0)]
    [InlineData("文芸/NER/：人名；佐藤", 1)]
    public void Should_accept_the_none_forms_and_full_width_separators(string output, int pairs)
    {
        Assert.Equal(pairs, ReadMmm("佐藤が来た。", output).Pairs.Count);
    }

    [Fact]
    public void Should_count_offsets_in_code_points()
    {
        var record = ReadMmm("𠮷野家の吉野氏。", "技術/NER/:法人名;𠮷野家:人名;吉野");

        Assert.Equal([0, 4], record.Pairs.Select(p => p.Start!.Value));
    }

    [SkippableFact]
    public void Should_read_every_real_stockmark_sentence_back_from_the_slg_and_mmm_writers_forms()
    {
        var source = Repository.SharedFile("data", "stockmark-ner-wikipedia", "ner.json");
        Skip.If(source is null, "Stockmark ner.json not found (set MRE_SHARED or place the shared folder beside the repository).");
        var records = DatasetReader.Read(source!).Records;

        // The SLG converter's line, saved by pandas to_csv (header "0", every line quoted), and the OIELLM record.
        var slg = "0\n" + string.Concat(records.Select(r =>
            "\"" + (r.Text + ",,:社会;" + (r.Pairs.Count == 0 ? ":無い;" : string.Concat(r.Pairs.Select(p => $"：{p.Label}；{p.Word}")))).Replace("\"", "\"\"") + "\"\n"));
        var mmm = string.Concat(records.Select(r => Mmm(r.Text, "社会/NER/" + string.Concat(r.Pairs.Select(p => $":{p.Label};{p.Word}")))));
        var fromSlg = DatasetReader.Read(_folder.Write("SCNM dataset.csv", slg), s_scnm).Records;
        var fromMmm = DatasetReader.Read(_folder.Write("Train_Ja_0_SCNM_5343.json", mmm), s_scnm).Records;

        // Offsets may differ where a word occurs twice: the writers drop Stockmark's spans, so the loader locates the words.
        var expected = records.Select(r => (r.Text, Pairs: string.Join("|", r.Pairs.Select(p => p.Key)))).ToList();
        Assert.Equal(expected, fromSlg.Select(r => (r.Text, Pairs: string.Join("|", r.Pairs.Select(p => p.Key)))));
        Assert.Equal(expected, fromMmm.Select(r => (r.Text, Pairs: string.Join("|", r.Pairs.Select(p => p.Key)))));
    }

    private MreRecord ReadMmm(string text, string output, ReadOptions? options = null) =>
        Assert.Single(DatasetReader.Read(_folder.Write("one.jsonl", Mmm(text, output)), options).Records);

    private static string Mmm(string text, string output) =>
        System.Text.Json.JsonSerializer.Serialize(new { input = text + "/NER", output }, new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
}
