using System.Text.Json;
using MreRepro.Stages.Common;

namespace MreRepro.Stages.Report;

/// <summary>
/// Every file the report reads, read through its stage's typed contract and recorded, so the stage can check that
/// its deps in dvc.yaml list each of them (an undeclared input would not rerun the report when it changes).
/// </summary>
public sealed class ReportInputs
{
    private readonly SortedSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>Full paths of the files read so far.</summary>
    public IReadOnlyCollection<string> Read => _read;

    public string Text(string path) => File.ReadAllText(Record(path));

    public bool Exists(string path) => File.Exists(Record(path));

    /// <summary>The file's md5, as DVC 3 computes it (the bytes as they are).</summary>
    public string Md5(string path) => Pipeline.Hashing.FileHasher.Md5(Record(path));

    public T Json<T>(string path) => Parse<T>(path, Text(path));

    /// <summary>One record a line (blank lines skipped).</summary>
    public IReadOnlyList<T> JsonLines<T>(string path) =>
        File.ReadLines(Record(path)).Where(l => l.Length > 0).Select(l => Parse<T>(path, l)).ToList();

    private string Record(string path)
    {
        var full = Path.GetFullPath(path);
        _read.Add(full);
        return full;
    }

    private static T Parse<T>(string path, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, StageJson.Options) ?? throw new StageException($"{path}: empty JSON where a {typeof(T).Name} was expected.");
        }
        catch (JsonException e)
        {
            throw new StageException($"{path}: not a {typeof(T).Name} ({e.Message}); rerun the stage that writes it.", e);
        }
    }
}
