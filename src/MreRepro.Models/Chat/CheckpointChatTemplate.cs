using System.Text.Json;

namespace MreRepro.Models.Chat;

/// <summary>
/// The chat template a checkpoint declares in tokenizer_config.json (`chat_template`, a Jinja string or a list of
/// named templates). MreRepro writes prompts with LLaMA-2's template (<see cref="ChatTemplate"/>) and does not render
/// Jinja, so a checkpoint that declares another template is refused rather than prompted in a format it was not
/// trained on; a folder without tokenizer_config.json, or without a chat_template, gets LLaMA-2's.
/// </summary>
public static class CheckpointChatTemplate
{
    public const string FileName = "tokenizer_config.json";

    // What LLaMA-2's template writes (meta-llama's B_INST, E_INST and B_SYS), as every published Llama-2-*-chat-hf
    // chat_template spells them.
    private static readonly string[] Llama2Markers = ["[INST]", "[/INST]", "<<SYS>>"];

    /// <summary>Throws when the folder's tokenizer_config.json declares a chat template that is not LLaMA-2's.</summary>
    public static void EnsureLlama2(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return;
        }
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: not valid JSON ({e.Message}).", e);
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("chat_template", out var declared))
        {
            return;
        }
        foreach (var (name, template) in Templates(declared, path))
        {
            var missing = Llama2Markers.Where(m => !template.Contains(m, StringComparison.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                throw new CheckpointException(
                    $"{path}: chat_template{(name is null ? "" : $" '{name}'")} is not LLaMA-2's (it lacks {string.Join(", ", missing)}); "
                    + "MreRepro writes prompts as <s>[INST] {user} [/INST] {answer} </s> and does not render other templates. "
                    + "Use a LLaMA-2 chat checkpoint, or remove chat_template from the file if the model was trained on LLaMA-2's format.");
            }
        }
    }

    private static IEnumerable<(string? Name, string Template)> Templates(JsonElement declared, string path) => declared.ValueKind switch
    {
        JsonValueKind.String => [(null, declared.GetString()!)],
        JsonValueKind.Array => declared.EnumerateArray().Select(t =>
            t.TryGetProperty("template", out var text) && text.ValueKind == JsonValueKind.String
                ? (t.TryGetProperty("name", out var n) ? n.GetString() : null, text.GetString()!)
                : throw new CheckpointException($"{path}: chat_template entries need a \"template\" string.")).ToList(),
        JsonValueKind.Null => [],
        _ => throw new CheckpointException($"{path}: chat_template must be a string or a list of {{name, template}}."),
    };
}
