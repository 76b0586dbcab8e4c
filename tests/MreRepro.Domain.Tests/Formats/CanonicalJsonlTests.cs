using System.Text;
using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Tests.Formats;

public sealed class CanonicalJsonlTests : IDisposable
{
    private static readonly MreRecord[] s_records =
    [
        new("scnm-1", "松友美佐紀は、日本のバドミントン選手。", "学問", [new WordPair("人名", "松友美佐紀", 0), new WordPair("地名", "日本", 7)]),
        new("scnm-2", "引用\"符\"と\\改行\nを含む", "文芸", [new WordPair("人名", "ない人", null)]),
        new("scnm-3", "またCMソング。", "文芸", []),
    ];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Should_write_keys_in_fixed_order_utf8_without_bom_and_lf_line_ends()
    {
        var path = Path.Combine(_folder.Path, "train.jsonl");

        CanonicalJsonl.Write(path, s_records);

        var bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.DoesNotContain((byte)'\r', bytes);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[3]);
        Assert.Equal("{\"id\":\"scnm-1\",\"text\":\"松友美佐紀は、日本のバドミントン選手。\",\"text_label\":\"学問\",\"pairs\":[{\"label\":\"人名\",\"word\":\"松友美佐紀\",\"start\":0},{\"label\":\"地名\",\"word\":\"日本\",\"start\":7}]}", lines[0]);
        Assert.Equal("{\"id\":\"scnm-3\",\"text\":\"またCMソング。\",\"text_label\":\"文芸\",\"pairs\":[]}", lines[2]);
    }

    [Fact]
    public void Should_read_back_exactly_what_it_wrote()
    {
        var path = Path.Combine(_folder.Path, "train.jsonl");

        CanonicalJsonl.Write(path, s_records);
        var result = CanonicalJsonl.Read(path);

        Assert.Equal(s_records, result.Records);
        Assert.Equal(DatasetFormat.Canonical, result.Format);
        Assert.Equal(1, result.PairsNotInText);
    }

    [Fact]
    public void Should_produce_identical_bytes_on_every_write_and_replace_the_old_file_without_leftovers()
    {
        var path = Path.Combine(_folder.Path, "sub", "test.jsonl");
        CanonicalJsonl.Write(path, [s_records[2]]);

        CanonicalJsonl.Write(path, s_records);
        var first = File.ReadAllBytes(path);
        CanonicalJsonl.Write(path, s_records);

        Assert.Equal(first, File.ReadAllBytes(path));
        Assert.Equal(CanonicalJsonl.ToBytes(s_records), first);
        Assert.Equal(["test.jsonl"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Should_reject_a_start_that_does_not_point_at_the_word()
    {
        var path = _folder.Write("bad.jsonl", "{\"id\":\"a\",\"text\":\"東京と大阪\",\"text_label\":\"社会\",\"pairs\":[{\"label\":\"地名\",\"word\":\"大阪\",\"start\":0}]}\n");

        var error = Assert.Throws<DatasetFormatException>(() => CanonicalJsonl.Read(path));

        Assert.Equal(1, error.Line);
        Assert.Contains("start 0 does not point at '大阪'", error.Message);
    }

    [Fact]
    public void Should_locate_words_whose_start_is_missing()
    {
        var path = _folder.Write("nostart.jsonl", "{\"id\":\"a\",\"text\":\"東京と大阪\",\"text_label\":\"社会\",\"pairs\":[{\"label\":\"地名\",\"word\":\"大阪\"}]}\n");

        Assert.Equal(3, CanonicalJsonl.Read(path).Records[0].Pairs[0].Start);
    }

    [Fact]
    public void Should_refuse_another_layout_when_canonical_is_asked_for()
    {
        var path = _folder.Write("slg.csv", "東京と大阪,,:社会;無い\n");

        Assert.Contains("expected the canonical JSONL layout, found Slg", Assert.Throws<DatasetFormatException>(() => CanonicalJsonl.Read(path)).Message);
    }
}
