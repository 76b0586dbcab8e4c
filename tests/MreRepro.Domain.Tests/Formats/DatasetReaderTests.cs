using System.Text;
using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Tests.Formats;

public sealed class DatasetReaderTests : IDisposable
{
    private const string Matsutomo = "松友美佐紀は、日本のバドミントン選手。";
    private const string RedFox = "レッドフォックス株式会社は、東京都千代田区に本社を置くITサービス企業である。";
    private const string CmSong = "またCMソング、テレビ番組のテーマ曲などにも参加している。";
    private static readonly ReadOptions s_skip = new() { SkipInvalid = true };
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public sealed class TheMmmFormat : IDisposable
    {
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void Should_read_jsonl_lines_into_records_with_located_words()
        {
            var path = _folder.Write("Train_Ja_0_SCNM.json",
                $"{{\"input\": \"{Matsutomo}/NER\", \"output\": \"学問/NER/:人名;松友美佐紀:地名;日本\"}}\n" +
                $"{{\"input\": \"{CmSong}/NER\", \"output\": \"文芸/NER/\"}}\n");

            var result = DatasetReader.Read(path);

            Assert.Equal(DatasetFormat.Mmm, result.Format);
            Assert.Equal(
                new MreRecord("Train_Ja_0_SCNM-1", Matsutomo, "学問", [new WordPair("人名", "松友美佐紀", 0), new WordPair("地名", "日本", 7)]),
                result.Records[0]);
            Assert.Equal(new MreRecord("Train_Ja_0_SCNM-2", CmSong, "文芸", []), result.Records[1]);
            Assert.Empty(result.Invalid);
        }

        [Fact]
        public void Should_read_a_json_array_with_id_fields_full_width_separators_and_another_task()
        {
            var path = _folder.Write("mmm.json", $$"""
                [
                  {"id": "a7", "input": "{{RedFox}}/RE", "output": "技術/RE/：法人名；レッドフォックス株式会社：地名；東京都千代田区"},
                  {"id": 8, "input": "{{CmSong}}/RE", "output": "文芸/RE/:無い"}
                ]
                """);

            var result = DatasetReader.Read(path);

            Assert.Equal(["a7", "8"], result.Records.Select(r => r.Id));
            Assert.Equal(RedFox, result.Records[0].Text);
            Assert.Equal([("法人名", "レッドフォックス株式会社"), ("地名", "東京都千代田区")], result.Records[0].Pairs.Select(p => p.Key));
            Assert.Equal([0, 14], result.Records[0].Pairs.Select(p => p.Start!.Value));
            Assert.Empty(result.Records[1].Pairs);
        }

        [Fact]
        public void Should_strip_only_the_task_suffix_from_texts_and_words_that_contain_slashes()
        {
            var path = _folder.Write("slash.jsonl", "{\"input\": \"AC/DCの新曲/NER\", \"output\": \"文芸/NER/:製品名;AC/DC\"}\n");

            var record = Assert.Single(DatasetReader.Read(path).Records);

            Assert.Equal("AC/DCの新曲", record.Text);
            Assert.Equal(new WordPair("製品名", "AC/DC", 0), Assert.Single(record.Pairs));
        }

        [Fact]
        public void Should_name_the_line_of_a_bad_array_element()
        {
            var path = _folder.Write("mmm.json", $$"""
                [
                  {"input": "{{Matsutomo}}/NER", "output": "学問/NER/:人名;松友美佐紀"},
                  {"input": "{{CmSong}}", "output": "文芸/NER/"}
                ]
                """);

            var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path));

            Assert.Equal(3, error.Line);
            Assert.Contains("input must end with '/NER'", error.Message);
            Assert.Contains("mmm.json", error.Message);
        }
    }

    public sealed class TheSlgFormat : IDisposable
    {
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void Should_read_targets_with_full_width_pairs_nai_and_a_header()
        {
            var path = _folder.Write("0_SCNM_5343.csv",
                "text,,label\n" +
                $"{Matsutomo},,:学問;：人名；松友美佐紀：地名；日本\n" +
                $"{CmSong},,:文芸;:無い;\r\n" +
                "\n" +
                $"{RedFox},,:技術;無い\n");

            var result = DatasetReader.Read(path);

            Assert.Equal(DatasetFormat.Slg, result.Format);
            Assert.Equal(["0_SCNM_5343-2", "0_SCNM_5343-3", "0_SCNM_5343-5"], result.Records.Select(r => r.Id));
            Assert.Equal([("人名", "松友美佐紀"), ("地名", "日本")], result.Records[0].Pairs.Select(p => p.Key));
            Assert.Equal(["学問", "文芸", "技術"], result.Records.Select(r => r.TextLabel));
            Assert.Empty(result.Records[1].Pairs);
            Assert.Equal(CmSong, result.Records[1].Text);
            var header = Assert.Single(result.Warnings);
            Assert.Equal((1, DatasetWarningKind.HeaderSkipped), (header.Line, header.Kind));
        }

        [Fact]
        public void Should_keep_commas_and_double_commas_inside_the_text()
        {
            var text = "売上高は1,000,,億円を超えた、と発表した。";
            var path = _folder.Write("commas.csv", $"{text},,:社会;：数値；1,000\n");

            var result = DatasetReader.Read(path);

            Assert.Equal(text, result.Records[0].Text);
            Assert.Equal(new WordPair("数値", "1,000", 4), Assert.Single(result.Records[0].Pairs));
        }

        [Fact]
        public void Should_read_texts_that_start_with_a_quote_as_they_stand()
        {
            // Two real Stockmark sentences start with '"'; in an unquoted file the line is the text as written.
            var quoted = "\"ネイティブ・アメリカンズ\"に対抗する為、アイルランド移民達は徒党を組み、\"デッド・ラビッツ\"という組織を作り上げた。";
            var path = _folder.Write("quotes.csv", $"{quoted},,:社会;：その他の組織名；デッド・ラビッツ\n{Matsutomo},,:学問;無い\n");

            var record = DatasetReader.Read(path).Records[0];

            Assert.Equal(quoted, record.Text);
            Assert.Equal(new WordPair("その他の組織名", "デッド・ラビッツ", 38), Assert.Single(record.Pairs));
        }

        [Fact]
        public void Should_read_the_pandas_to_csv_form_the_slg_converter_writes()
        {
            // pd.DataFrame(lines).to_csv(index=None): header "0", every line quoted because it holds ',', inner quotes doubled.
            var path = _folder.Write("SCNM dataset.csv",
                "0\n" +
                $"\"{Matsutomo},,:学問;：人名；松友美佐紀：地名；日本\"\n" +
                "\"\"\"d\"\" > 1に対しては、総実体の虚二次拡大であるCM体の場合が比較すべきに対象である。,,:学問;:無い;\"\n");

            var result = DatasetReader.Read(path);

            Assert.Equal([Matsutomo, "\"d\" > 1に対しては、総実体の虚二次拡大であるCM体の場合が比較すべきに対象である。"], result.Records.Select(r => r.Text));
            Assert.Equal([("人名", "松友美佐紀"), ("地名", "日本")], result.Records[0].Pairs.Select(p => p.Key));
            Assert.Equal((1, DatasetWarningKind.HeaderSkipped), (result.Warnings[0].Line, result.Warnings[0].Kind));
        }

        [Fact]
        public void Should_reject_a_target_without_text_label()
        {
            var path = _folder.Write("bad.csv", $"{Matsutomo},,:学問;：人名；松友美佐紀\n{CmSong},,:無い;\n");

            var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path));

            Assert.Equal(2, error.Line);
            Assert.Contains("no text-level label", error.Reason);
        }
    }

    public sealed class TheStockmarkFormat : IDisposable
    {
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void Should_take_code_point_spans_as_the_word_starts()
        {
            var text = "𠮷野家の社長は吉野氏。";
            var path = _folder.Write("ner.json", $$"""
                [{"curid": "1", "text": "{{text}}", "entities": [{"name": "𠮷野家", "span": [0, 3], "type": "法人名"}, {"name": "吉野", "span": [7, 9], "type": "人名"}]},
                 {"curid": "1", "text": "{{CmSong}}", "entities": []}]
                """);

            var result = DatasetReader.Read(path);

            Assert.Equal(DatasetFormat.StockmarkNer, result.Format);
            Assert.Equal(["ner-1", "ner-2"], result.Records.Select(r => r.Id));
            Assert.Equal([0, 7], result.Records[0].Pairs.Select(p => p.Start!.Value));
            Assert.Equal([3, 9], result.Records[0].Pairs.Select(p => p.End!.Value));
            Assert.Equal(string.Empty, result.Records[0].TextLabel);
        }

        [SkippableFact]
        public void Should_read_the_real_stockmark_file_with_its_published_entity_counts()
        {
            var path = Repository.SharedFile("data", "stockmark-ner-wikipedia", "ner.json");
            Skip.If(path is null, "Stockmark ner.json not found (set MRE_SHARED or place the shared folder beside the repository).");

            var result = DatasetReader.Read(path!);

            Assert.Equal(5343, result.Records.Count);
            Assert.Empty(result.Invalid);
            var counts = result.Records.SelectMany(r => r.Pairs).GroupBy(p => p.Label).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(2980, counts["人名"]);
            Assert.Equal(2485, counts["法人名"]);
            Assert.Equal(2157, counts["地名"]);
            Assert.Equal(1009, counts["イベント名"]);
            Assert.Equal(0, result.PairsNotInText);
            Assert.All(result.Records.SelectMany(r => r.Pairs.Select(p => (r.Text, p))), x => Assert.Equal(x.p.Word, x.Text.Substring(x.p.Start!.Value, x.p.Word.Length)));
            Assert.Equal(new WordPair("法人名", "レッドフォックス株式会社", 0), result.Records.First(r => r.Text == RedFox).Pairs[0]);
            var stats = MreRepro.Domain.Statistics.DatasetStatistics.Describe(result.Records);
            Assert.Equal((5343, 13185), (stats.Records, stats.Pairs));
            Assert.Equal(484, stats.PairsPerTextHistogram[0]);
            Assert.Equal(1.0, stats.ShareWordsFoundInText);
        }
    }

    [Fact]
    public void Should_detect_the_format_from_content_not_extension()
    {
        var slgInJson = _folder.Write("looks.json", $"{Matsutomo},,:学問;：人名；松友美佐紀\n");
        var mmmInCsv = _folder.Write("looks.csv", $"{{\"input\": \"{Matsutomo}/NER\", \"output\": \"学問/NER/:人名;松友美佐紀\"}}\n");

        Assert.Equal(DatasetFormat.Slg, DatasetReader.Read(slgInJson).Format);
        Assert.Equal(DatasetFormat.Mmm, DatasetReader.Read(mmmInCsv).Format);
    }

    [Theory]
    [InlineData("", "file is empty")]
    [InlineData(" \n\r\n\t", "only whitespace")]
    [InlineData("just some prose without any structure\n", "unrecognised layout")]
    [InlineData("{\"foo\": 1}\n", "unrecognised JSON records")]
    [InlineData("[]", "JSON array is empty")]
    public void Should_explain_files_that_hold_no_dataset(string content, string reason)
    {
        var path = _folder.Write("data.jsonl", content);

        var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path));

        Assert.Contains(reason, error.Message);
        Assert.Contains("data.jsonl", error.Message);
    }

    [Fact]
    public void Should_reject_utf16_with_a_clear_message()
    {
        var withBom = _folder.WriteBytes("utf16.jsonl", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("{\"text\": \"a\"}\n")).ToArray());
        var withoutBom = _folder.WriteBytes("utf16-nobom.jsonl", Encoding.Unicode.GetBytes("{\"text\": \"a\"}\n"));

        Assert.Contains("UTF-16", Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(withBom)).Message);
        var nul = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(withoutBom));
        Assert.Contains("byte offset 1", nul.Message);
        Assert.Contains("UTF-16", nul.Message);
    }

    [Fact]
    public void Should_name_line_and_byte_offset_of_invalid_utf8()
    {
        var good = Encoding.UTF8.GetBytes($"{Matsutomo},,:学問;無い\n{CmSong},,:文芸;無い\n");
        var bytes = good.Concat(new byte[] { 0x41, 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(",,:社会;無い\n")).ToArray();
        var path = _folder.WriteBytes("latin.csv", bytes);

        var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(3, error.Line);
        Assert.Contains($"byte offset {good.Length + 1}", error.Message);
    }

    [Fact]
    public void Should_accept_a_utf8_bom()
    {
        var path = _folder.WriteBytes("bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes($"{Matsutomo},,:学問;無い\n")]);

        Assert.Equal(Matsutomo, Assert.Single(DatasetReader.Read(path).Records).Text);
    }

    [Fact]
    public void Should_fail_on_a_malformed_line_by_default_and_drop_and_list_it_with_skip_invalid()
    {
        var path = _folder.Write("mixed.jsonl",
            $"{{\"input\": \"{Matsutomo}/NER\", \"output\": \"学問/NER/:人名;松友美佐紀\"}}\n" +
            "{\"input\": \"truncated\n" +
            $"{{\"input\": \"{CmSong}/NER\", \"output\": \"文芸/NER/:無い\"}}\n" +
            $"{{\"input\": \"{RedFox}/NER\", \"output\": \"技術\"}}\n");

        var strict = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path));
        var lenient = DatasetReader.Read(path, s_skip);

        Assert.Equal(2, strict.Line);
        Assert.Contains("expected one JSON object per line", strict.Message);
        Assert.Contains("2 invalid lines in all; to drop and list them instead, pass --skip-invalid or set skip_invalid: true", strict.Message);
        Assert.Equal(["mixed-1", "mixed-3"], lenient.Records.Select(r => r.Id));
        Assert.Equal([2, 4], lenient.Invalid.Select(i => i.Line));
        Assert.All(lenient.Invalid, i => Assert.Equal("mixed.jsonl", i.File));
        Assert.Contains("TL/TASK/", lenient.Invalid[1].Reason);
    }

    [Fact]
    public void Should_treat_a_repeated_id_as_an_invalid_line()
    {
        var path = _folder.Write("dup.jsonl",
            $"{{\"id\": \"x\", \"input\": \"{Matsutomo}/NER\", \"output\": \"学問/NER/\"}}\n" +
            $"{{\"id\": \"x\", \"input\": \"{CmSong}/NER\", \"output\": \"文芸/NER/\"}}\n");

        Assert.Contains("duplicate id 'x' (first on line 1)", Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path)).Message);
        var lenient = DatasetReader.Read(path, s_skip);
        Assert.Equal(Matsutomo, Assert.Single(lenient.Records).Text);
        Assert.Equal(2, Assert.Single(lenient.Invalid).Line);
    }

    [Fact]
    public void Should_reject_labels_outside_the_known_sets()
    {
        var path = _folder.Write("labels.csv", $"{Matsutomo},,:学問;：人名；松友美佐紀\n{CmSong},,:スポーツ;無い\n{RedFox},,:技術;：会社；レッドフォックス株式会社\n");
        var options = s_skip with { KnownTextLabels = new HashSet<string> { "社会", "文芸", "学問", "技術", "自然" }, KnownWordLabels = new HashSet<string> { "人名", "法人名" } };

        var result = DatasetReader.Read(path, options);

        Assert.Single(result.Records);
        Assert.Equal([2, 3], result.Invalid.Select(i => i.Line));
        Assert.Contains("text-level label 'スポーツ' is not in the dataset's inventory", result.Invalid[0].Reason);
        Assert.Contains("word-level label '会社' (word 'レッドフォックス株式会社') is not in the dataset's inventory", result.Invalid[1].Reason);
    }

    [Fact]
    public void Should_keep_words_missing_from_the_text_with_a_warning_or_reject_them_when_required()
    {
        var path = _folder.Write("missing.csv", $"{Matsutomo},,:学問;：人名；松友美佐紀：地名；東京\n{CmSong},,:文芸;無い\n");

        var kept = DatasetReader.Read(path);
        var required = DatasetReader.Read(path, s_skip with { RequireEntitiesInText = true });

        Assert.Equal(new WordPair("地名", "東京", null), kept.Records[0].Pairs[1]);
        Assert.Equal(1, kept.PairsNotInText);
        Assert.Equal((1, DatasetWarningKind.WordNotInText), (kept.Warnings[0].Line, kept.Warnings[0].Kind));
        Assert.Equal(CmSong, Assert.Single(required.Records).Text);
        Assert.Contains("'東京' (地名) does not occur", Assert.Single(required.Invalid).Reason);
    }

    [Fact]
    public void Should_report_a_broken_json_array_with_its_line()
    {
        var path = _folder.Write("broken.json", "[\n  {\"input\": \"a/NER\", \"output\": \"x/NER/\"},\n  {\"input\": \"b/NER\" \"output\": 1}\n]\n");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path, s_skip));

        Assert.Equal(3, error.Line);
        Assert.Contains("not a valid JSON array", error.Message);
    }

    [Fact]
    public void Should_fail_clearly_when_every_line_is_invalid_even_with_skip_invalid()
    {
        var path = _folder.Write("allbad.csv", "a,,b\nc,,d\n");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(path, s_skip));

        Assert.Contains("no valid records", error.Message);
    }
}
