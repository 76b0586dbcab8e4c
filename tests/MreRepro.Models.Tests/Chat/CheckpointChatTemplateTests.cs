using MreRepro.Models.Chat;

namespace MreRepro.Models.Tests.Chat;

/// <summary>A checkpoint's declared chat template: LLaMA-2's (or none) is accepted, any other is refused by name.</summary>
public sealed class CheckpointChatTemplateTests
{
    // The chat_template of meta-llama/Llama-2-7b-chat-hf, shortened to the parts that carry the markers.
    private const string Llama2 = "{% if messages[0]['role'] == 'system' %}{% set system_message = '<<SYS>>\\\\n' + messages[0]['content'] + '\\\\n<</SYS>>\\\\n\\\\n' %}{% endif %}"
        + "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}";

    [Theory]
    [InlineData(null)]
    [InlineData("""{"bos_token": "<s>"}""")]
    [InlineData("""{"chat_template": null}""")]
    [InlineData("""{"chat_template": "LLAMA2"}""")]
    [InlineData("""{"chat_template": [{"name": "default", "template": "LLAMA2"}]}""")]
    public void Should_accept_a_folder_without_a_template_or_with_llama_2s(string? config)
    {
        using var folder = new TempFolder();
        if (config is not null)
        {
            folder.Write(CheckpointChatTemplate.FileName, config.Replace("LLAMA2", Llama2, StringComparison.Ordinal));
        }

        CheckpointChatTemplate.EnsureLlama2(folder.Path);
    }

    [Theory]
    [InlineData("""{"chat_template": "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>{% endfor %}"}""", "lacks [INST], [/INST], <<SYS>>")]
    [InlineData("""{"chat_template": [{"name": "tool_use", "template": "[INST] {{ x }} [/INST]"}]}""", "chat_template 'tool_use' is not LLaMA-2's (it lacks <<SYS>>)")]
    [InlineData("""{"chat_template": 3}""", "must be a string or a list")]
    [InlineData("""{"chat_template": """, "not valid JSON")]
    public void Should_refuse_any_other_template_naming_the_file_and_what_it_lacks(string config, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.Write(CheckpointChatTemplate.FileName, config);

        var error = Assert.Throws<CheckpointException>(() => CheckpointChatTemplate.EnsureLlama2(folder.Path));

        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
