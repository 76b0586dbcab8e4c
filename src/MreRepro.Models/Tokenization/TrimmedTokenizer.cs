using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace MreRepro.Models.Tokenization;

/// <summary>
/// The default profile's tokenizer: the o200k Tiktoken vocabulary shipped in Microsoft.ML.Tokenizers.Data.O200kBase
/// (no download, covers Japanese), trimmed to the tokens a corpus uses so a small model does not carry 200k
/// embedding rows. Ids 0-3 are &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, &lt;pad&gt;; the kept o200k ids follow in ascending order.
/// A token the corpus never used encodes as &lt;unk&gt;.
/// </summary>
public sealed class TrimmedTokenizer : IModelTokenizer
{
    public const string FileName = "tokenizer.trimmed.json";
    private static readonly Lazy<TiktokenTokenizer> O200k = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));
    private readonly int[] _baseIds;
    private readonly Dictionary<int, int> _toDense;

    private TrimmedTokenizer(int[] baseIds)
    {
        _baseIds = baseIds;
        _toDense = baseIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i + Reserved);
    }

    private const int Reserved = 4;
    public int UnknownId => 0;
    public int BosId => 1;
    public int EosId => 2;
    public int PadId => 3;
    public int VocabSize => Reserved + _baseIds.Length;

    /// <summary>Keeps every o200k token that any of the texts uses (deterministic: ascending base ids).</summary>
    public static TrimmedTokenizer Build(IEnumerable<string> texts)
    {
        var used = new SortedSet<int>();
        foreach (var text in texts)
        {
            foreach (var id in O200k.Value.EncodeToIds(text))
            {
                used.Add(id);
            }
        }
        return new TrimmedTokenizer(used.ToArray());
    }

    public IReadOnlyList<TokenOffset> EncodeWithOffsets(string text) =>
        O200k.Value.EncodeToTokens(text, out _)
            .Select(t => new TokenOffset(_toDense.GetValueOrDefault(t.Id, UnknownId), t.Offset.Start.Value, t.Offset.End.Value - t.Offset.Start.Value))
            .ToList();

    public string Decode(IEnumerable<int> ids) =>
        O200k.Value.Decode(ids.Where(i => i >= Reserved && i < VocabSize).Select(i => _baseIds[i - Reserved]));

    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        var temp = path + $".tmp-{Environment.ProcessId}";
        File.WriteAllText(temp, JsonSerializer.Serialize(new TrimmedFile("o200k_base", ["<unk>", "<s>", "</s>", "<pad>"], _baseIds)));
        File.Move(temp, path, overwrite: true);
    }

    public static TrimmedTokenizer Load(string path)
    {
        try
        {
            var file = JsonSerializer.Deserialize<TrimmedFile>(File.ReadAllText(path))
                ?? throw new CheckpointException($"{path}: empty tokenizer file.");
            if (file.Base != "o200k_base")
            {
                throw new CheckpointException($"{path}: base vocabulary '{file.Base}' is not o200k_base.");
            }
            return new TrimmedTokenizer(file.Ids);
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: not a trimmed tokenizer file ({e.Message}).", e);
        }
    }

    private sealed record TrimmedFile(string Base, string[] Specials, int[] Ids);
}
