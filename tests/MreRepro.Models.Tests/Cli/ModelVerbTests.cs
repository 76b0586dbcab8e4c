using System.Text.Json;
using MreRepro.Models.Tests.References;
using TorchSharp.PyBridge;

namespace MreRepro.Models.Tests.Cli;

/// <summary>
/// `mre model generate|forward|inspect` on a tiny LLaMA in Hugging Face's layout and dtypes, through the real CLI:
/// greedy ids and fp32 logits as Hugging Face computes them, and refusals as one line with exit code 1.
/// </summary>
[Collection("TorchSharp")]
public sealed class ModelVerbTests
{
    public static TheoryData<string, bool> Layouts => new() { { "float32", false }, { "bfloat16", false }, { "bfloat16", true } };

    [SkippableTheory]
    [MemberData(nameof(Layouts))]
    public void Should_generate_hugging_face_greedy_ids(string dtype, bool sharded)
    {
        Skip.IfNot(File.Exists(MreCli.Dll), MreCli.MissingMessage);
        var reference = HfLlamaReference.Load();
        var folder = reference.WriteFolder(dtype, sharded);
        var expected = reference.Cases[dtype].Greedy;
        var (code, stdout, stderr) = MreCli.Run("model", "generate", "--checkpoint", folder, "--ids", string.Join(",", reference.Prompt),
            "--max-new-tokens", $"{expected.Length}", "--no-eos", "--dtype", "float32", "--json");
        Assert.True(code == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(expected, json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("text").ValueKind);
    }

    [SkippableTheory]
    [MemberData(nameof(Layouts))]
    public void Should_write_hugging_face_float32_logits_and_hidden_states(string dtype, bool sharded)
    {
        Skip.IfNot(File.Exists(MreCli.Dll), MreCli.MissingMessage);
        var reference = HfLlamaReference.Load();
        var folder = reference.WriteFolder(dtype, sharded);
        var output = Path.Combine(folder, "out", "forward.safetensors");
        var (code, stdout, stderr) = MreCli.Run("model", "forward", "--checkpoint", folder, "--ids", string.Join(",", reference.Prompt),
            "--dtype", "float32", "--out", output);
        Assert.True(code == 0, stderr + stdout);
        var tensors = Safetensors.LoadStateDict(output);
        var expected = reference.Cases[dtype];
        Assert.Equal(["hidden.0", "hidden.1", "hidden.2", "logits"], tensors.Keys.Order());
        Assert.Equal([1L, reference.Prompt.Length, 97], tensors["logits"].shape);
        Assert.True(LlamaReference.MaxRelativeError(tensors["logits"].data<float>().ToArray(), expected.Logits) < 1e-5);
        for (var i = 0; i < expected.Hidden.Length; i++)
        {
            Assert.Equal([1L, reference.Prompt.Length, 32], tensors[$"hidden.{i}"].shape);
            Assert.True(LlamaReference.MaxRelativeError(tensors[$"hidden.{i}"].data<float>().ToArray(), expected.Hidden[i]) < 1e-5, $"hidden.{i}");
        }
    }

    [SkippableFact]
    public void Should_refuse_a_biased_checkpoint_in_one_line_with_exit_code_1_from_every_verb()
    {
        Skip.IfNot(File.Exists(MreCli.Dll), MreCli.MissingMessage);
        var folder = HfLlamaReference.Load().WriteFolder("float32", sharded: false);
        var state = Safetensors.LoadStateDict(Path.Combine(folder, "model.safetensors"));
        state["model.layers.1.self_attn.v_proj.bias"] = TorchSharp.torch.ones(16);
        Safetensors.SaveStateDict(Path.Combine(folder, "model.safetensors"), state);

        foreach (var verb in new[] { new[] { "generate", "--ids", "1,2" }, ["forward", "--ids", "1,2", "--out", Path.Combine(folder, "f.safetensors")] })
        {
            var (code, stdout, stderr) = MreCli.Run(["model", .. verb, "--checkpoint", folder]);
            Assert.Equal(1, code);
            var text = (stdout + stderr).Trim();
            Assert.Equal($"error: {folder}: model.layers.1.self_attn.v_proj.bias: 1 projection bias tensor(s), but this LLaMA implementation has no attention or MLP bias and would drop them (a Qwen2-style checkpoint?); attention_bias/mlp_bias in the config: False/False.", text);
        }

        var inspect = MreCli.Run("model", "inspect", "--checkpoint", folder);
        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains($"refused: {folder}: model.layers.1.self_attn.v_proj.bias: 1 projection bias tensor(s)", inspect.Stdout);
        Assert.Contains("not usable: 1 refusal(s)", inspect.Stdout);
    }

    [SkippableFact]
    public void Should_refuse_a_checkpoint_whose_chat_template_is_not_llama_2s_in_inspect()
    {
        Skip.IfNot(File.Exists(MreCli.Dll), MreCli.MissingMessage);
        var folder = HfLlamaReference.Load().WriteFolder("float32", sharded: false);
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{"chat_template": "<|im_start|>{{ m }}<|im_end|>"}""");

        var inspect = MreCli.Run("model", "inspect", "--checkpoint", folder);

        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains("chat_template is not LLaMA-2's (it lacks [INST], [/INST], <<SYS>>)", inspect.Stdout.Replace("\n", " ", StringComparison.Ordinal));
        Assert.Contains("not usable: 1 refusal(s)", inspect.Stdout);
    }

    [SkippableFact]
    public void Should_inspect_a_usable_shard_folder_given_its_config()
    {
        Skip.IfNot(File.Exists(MreCli.Dll), MreCli.MissingMessage);
        var reference = HfLlamaReference.Load();
        var shards = reference.WriteFolder("bfloat16", sharded: true, withConfig: false);
        var config = Path.Combine(reference.WriteFolder("bfloat16", sharded: false), "config.json");

        var missing = MreCli.Run("model", "inspect", "--checkpoint", shards);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"error: {shards}: no config.json; a folder of weights alone needs its config given separately (--config FILE).", (missing.Stdout + missing.Stderr).Trim());

        var (code, stdout, stderr) = MreCli.Run("model", "inspect", "--checkpoint", shards, "--config", config, "--batch", "2", "--length", "16");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("LLaMA-architecture decoder (LlamaForCausalLM, model_type llama)", stdout);
        Assert.Contains("bfloat16 (loaded as bfloat16, the stored dtype)", stdout);
        Assert.Contains("24,800", stdout);
        Assert.Contains("weight files", stdout);
        Assert.Contains("CUDA available", stdout);
        Assert.Contains("usable: the pipeline can load this folder.", stdout);
    }
}
