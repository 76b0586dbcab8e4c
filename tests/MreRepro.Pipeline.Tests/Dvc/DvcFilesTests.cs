using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Hashing;

namespace MreRepro.Pipeline.Tests.Dvc;

/// <summary>dvc.lock (schema 2.0) and .dvc serialisation, byte for byte as DVC writes them.</summary>
public sealed class DvcFilesTests
{
    [Fact]
    public void Should_write_a_lock_entry_in_dvc_key_order_with_sorted_paths_and_typed_params()
    {
        using var ws = new TempWorkspace();
        var lockFile = LockFile.Load(Path.Combine(ws.Root, "dvc.lock"));
        var parameters = new YamlMap
        {
            { "default.split", new YamlMap { { "train", 1000L }, { "method", "pandas" }, { "ratio", 0.2 }, { "lr", 1e-5 }, { "on", true },
                { "layers", new List<object?> { 1L, 2.5, "0.2" } }, { "note", "0.2" }, { "none", null } } },
            { "default.seed", 42L },
        };
        lockFile.Set("split@SCNM", new LockEntry(
            "build/mre split --dataset SCNM",
            [new LockedPath("src/b", new HashInfo("153aad06d376b6595932470e459ef42a.dir", 8437363, 2)),
             new LockedPath("data/a.jsonl", new HashInfo("22a1a2931c8370d3aeedd7183606fd7f", 14445097, null))],
            new Dictionary<string, YamlMap> { ["params.yaml"] = parameters },
            [new LockedPath("stages/default/split/SCNM", new HashInfo("0123456789e0123456789e0123456789.dir", 10, 3)),
             new LockedPath("stages/default/metrics.json", new HashInfo("1234567890", 17, null))]));
        lockFile.Save();
        Assert.Equal("""
            schema: '2.0'
            stages:
              split@SCNM:
                cmd: build/mre split --dataset SCNM
                deps:
                - path: data/a.jsonl
                  hash: md5
                  md5: 22a1a2931c8370d3aeedd7183606fd7f
                  size: 14445097
                - path: src/b
                  hash: md5
                  md5: 153aad06d376b6595932470e459ef42a.dir
                  size: 8437363
                  nfiles: 2
                params:
                  params.yaml:
                    default.seed: 42
                    default.split:
                      train: 1000
                      method: pandas
                      ratio: 0.2
                      lr: 1.0e-05
                      on: true
                      layers:
                      - 1
                      - 2.5
                      - '0.2'
                      note: '0.2'
                      none:
                outs:
                - path: stages/default/metrics.json
                  hash: md5
                  md5: '1234567890'
                  size: 17
                - path: stages/default/split/SCNM
                  hash: md5
                  md5: 0123456789e0123456789e0123456789.dir
                  size: 10
                  nfiles: 3

            """.Replace("\r\n", "\n"), ws.Read("dvc.lock"));
        var reread = LockFile.Load(Path.Combine(ws.Root, "dvc.lock"));
        Assert.Equal(ws.Read("dvc.lock"), reread.Serialize());
        Assert.True(YamlValues.AreEqual(parameters["default.split"], reread.Get("split@SCNM")!.Params["params.yaml"]["default.split"]));
        Assert.IsType<string>(((List<object?>)((YamlMap)reread.Get("split@SCNM")!.Params["params.yaml"]["default.split"]!)["layers"]!)[2]);
    }

    [Fact]
    public void Should_read_back_what_it_wrote_and_keep_other_stages()
    {
        using var ws = new TempWorkspace();
        var path = Path.Combine(ws.Root, "dvc.lock");
        var first = LockFile.Load(path);
        var entry = new LockEntry("echo a", [], new Dictionary<string, YamlMap>(),
            [new LockedPath("out.txt", new HashInfo("b1946ac92492d2347c6235b4d2611184", 6, null))]);
        first.Set("a", entry);
        first.Set("b", entry with { Cmd = "echo b" });
        first.Save();
        var second = LockFile.Load(path);
        second.Set("a", entry with { Cmd = "echo changed" });
        second.Save();
        var third = LockFile.Load(path);
        Assert.Equal(["a", "b"], third.StageNames);
        Assert.Equal("echo changed", third.Get("a")!.Cmd);
        Assert.Equal("echo b", third.Get("b")!.Cmd);
        Assert.Equal(entry.Outs, third.Get("b")!.Outs);
    }

    [Fact]
    public void Should_refuse_a_lock_with_another_schema()
    {
        using var ws = new TempWorkspace();
        ws.Write("dvc.lock", "schema: 2.0\nstages: {}\n");
        var error = Assert.Throws<PipelineException>(() => LockFile.Load(Path.Combine(ws.Root, "dvc.lock")));
        Assert.Contains("schema", error.Message);
    }

    [Fact]
    public void Should_write_a_dvc_file_as_dvc_add_does()
    {
        var file = new DvcFile("data", new HashInfo("6fdb5336fce0dbfd669f83065f107551.dir", 1234, 2));
        Assert.Equal("outs:\n- md5: 6fdb5336fce0dbfd669f83065f107551.dir\n  size: 1234\n  nfiles: 2\n  hash: md5\n  path: data\n", file.Serialize());
    }

    [Theory]
    [InlineData(0.001, "0.001")]
    [InlineData(1e-05, "1.0e-05")]
    [InlineData(2.0, "2.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e17, "1.0e+17")]
    [InlineData(123.456, "123.456")]
    [InlineData(-3.5, "-3.5")]
    public void Should_format_floats_like_python_repr_through_yaml(double value, string expected) =>
        Assert.Equal(expected, YamlWriter.Scalar(value));

    [Theory]
    [InlineData("2.0", "'2.0'")]
    [InlineData("123", "'123'")]
    [InlineData("1e5", "'1e5'")]
    [InlineData("true", "'true'")]
    [InlineData("yes", "yes")]
    [InlineData("", "''")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("it's", "it's")]
    [InlineData("{text} です", "'{text} です'")]
    [InlineData("stages/default/split", "stages/default/split")]
    [InlineData("finetune@SCNM-tli", "finetune@SCNM-tli")]
    public void Should_quote_strings_only_when_yaml_would_misread_them(string value, string expected) =>
        Assert.Equal(expected, YamlWriter.Scalar(value));

    [Fact]
    public void Should_compare_parameters_as_python_values()
    {
        Assert.True(YamlValues.AreEqual(1L, 1.0));
        Assert.False(YamlValues.AreEqual("0.2", 0.2));
        Assert.True(YamlValues.AreEqual(true, 1L));   // Python: True == 1, so DVC sees no change
        Assert.False(YamlValues.AreEqual(false, "false"));
        Assert.False(YamlValues.AreEqual(2L, 2.5));
        Assert.True(YamlValues.AreEqual(YamlReader.Read("a: {x: 1, y: [1, 2]}")["a"], YamlReader.Read("a: {y: [1, 2], x: 1.0}")["a"]));
    }
}
