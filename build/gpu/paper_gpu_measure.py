"""Measures, on one CUDA GPU, what the paper profile's stages cost for LLaMA-2-7B-chat and t5-base-japanese, and
prints an estimate of the whole profile's GPU time and peak memory.

No checkpoint is needed (nothing can be downloaded): the models are built with random weights of the real shapes
(LLaMA-2-7B: hidden 4096, 32 layers, 32 heads, vocabulary 32000; t5-base: d_model 768, 12+12 layers, vocabulary
32100), which is all that time and memory depend on. The work per stage mirrors what MreRepro's stages do with the
paper profile of params.yaml: LoRA (rank 8, alpha 16, dropout 0.05 on q/k/v/o) fine-tuning in bfloat16 with eager
attention (MreRepro's LLaMA computes attention explicitly, as saliency needs it), greedy decoding with the KV cache,
attention-times-gradient saliency over every layer, and few-shot T5 prompt training.

It measures PyTorch eager, not MreRepro's TorchSharp build: both call the same libtorch CUDA kernels, so the figures
are the GPU's part of the cost; TorchSharp's per-call overhead from .NET is not in them.

    python3 build/gpu/paper_gpu_measure.py --length 256 --out gpu-measure.json
"""
import argparse
import json
import math
import time

import torch


def synchronize():
    torch.cuda.synchronize()


def timed(step, repeats, warmup=2):
    for _ in range(warmup):
        step()
    synchronize()
    start = time.perf_counter()
    for _ in range(repeats):
        step()
    synchronize()
    return (time.perf_counter() - start) / repeats


def peak_gib():
    return torch.cuda.max_memory_allocated() / 2**30


def llama(layers):
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(vocab_size=32000, hidden_size=4096, intermediate_size=11008, num_hidden_layers=layers,
                         num_attention_heads=32, num_key_value_heads=32, max_position_embeddings=4096,
                         rms_norm_eps=1e-5, attn_implementation="eager", tie_word_embeddings=False)
    torch.set_default_dtype(torch.bfloat16)
    with torch.device("cuda"):
        model = LlamaForCausalLM(config)
    torch.set_default_dtype(torch.float32)
    return model


def measure_finetune(model, batch, length, repeats):
    from peft import LoraConfig, get_peft_model

    lora = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, lora_dropout=0.05,
                                            target_modules=["q_proj", "k_proj", "v_proj", "o_proj"]))
    lora.train()
    optimizer = torch.optim.AdamW([p for p in lora.parameters() if p.requires_grad], lr=1e-5)
    ids = torch.randint(3, 32000, (batch, length), device="cuda")

    def step():
        loss = lora(input_ids=ids, labels=ids).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    torch.cuda.reset_peak_memory_stats()
    seconds = timed(step, repeats)
    result = {"batch": batch, "length": length, "seconds_per_micro_batch": seconds, "peak_gib": peak_gib()}
    lora.unload()
    return result


def measure_generate(model, batch, length, new_tokens):
    model.eval()
    ids = torch.randint(3, 32000, (batch, length), device="cuda")
    torch.cuda.reset_peak_memory_stats()
    with torch.no_grad():
        seconds = timed(lambda: model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), do_sample=False,
                                               max_new_tokens=new_tokens, min_new_tokens=new_tokens,
                                               eos_token_id=None, pad_token_id=0), repeats=2, warmup=1)
    return {"batch": batch, "prompt_length": length, "new_tokens": new_tokens, "seconds_per_batch": seconds,
            "peak_gib": peak_gib()}


def measure_saliency(model, length, repeats):
    """Spec A: attention probabilities of every layer kept with their gradients; loss at the last position."""
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    ids = torch.randint(3, 32000, (1, length), device="cuda")

    def step():
        # The weights stay frozen; the embedded input is the leaf that makes autograd record the attention maps.
        embedded = model.get_input_embeddings()(ids).detach().requires_grad_(True)
        out = model(inputs_embeds=embedded, output_attentions=True)
        attentions = out.attentions
        for a in attentions:
            a.retain_grad()
        loss = torch.nn.functional.cross_entropy(out.logits[0, -2].float()[None], ids[0, -1][None])
        loss.backward()
        saliency = [(a * a.grad).abs().sum(dim=1)[0] for a in attentions]
        return saliency

    torch.cuda.reset_peak_memory_stats()
    seconds = timed(step, repeats)
    return {"length": length, "seconds_per_sample": seconds, "peak_gib": peak_gib()}


def measure_t5(batch, length, repeats):
    from transformers import T5Config, T5ForConditionalGeneration

    config = T5Config(vocab_size=32100, d_model=768, d_kv=64, d_ff=3072, num_layers=12, num_decoder_layers=12,
                      num_heads=12, feed_forward_proj="gated-gelu", tie_word_embeddings=False)
    with torch.device("cuda"):
        model = T5ForConditionalGeneration(config)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    ids = torch.randint(3, 32100, (batch, length), device="cuda")
    decoder = torch.zeros((batch, 1), dtype=torch.long, device="cuda")

    def step():
        logits = model(input_ids=ids, decoder_input_ids=decoder).logits
        logits[:, 0, :100].logsumexp(-1).mean().backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    torch.cuda.reset_peak_memory_stats()
    seconds = timed(step, repeats)
    return {"batch": batch, "length": length, "seconds_per_step": seconds, "peak_gib": peak_gib()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--length", type=int, default=256, help="prompt length in tokens (default 256)")
    parser.add_argument("--layers", type=int, default=32, help="LLaMA layers (32 for 7B; fewer for a quick try)")
    parser.add_argument("--out", default="gpu-measure.json", help="where the JSON goes")
    args = parser.parse_args()

    facts = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__,
             "memory_gib": torch.cuda.get_device_properties(0).total_memory / 2**30, "layers": args.layers}
    start = time.perf_counter()
    model = llama(args.layers)
    facts["build_seconds"] = time.perf_counter() - start
    facts["finetune"] = measure_finetune(model, batch=4, length=args.length, repeats=5)
    facts["generate"] = measure_generate(model, batch=16, length=args.length, new_tokens=128)
    facts["saliency"] = measure_saliency(model, length=args.length, repeats=5)
    del model
    torch.cuda.empty_cache()
    facts["t5"] = measure_t5(batch=30, length=128, repeats=5)

    # The paper profile (params.yaml `paper`): 6 datasets x 4 fine-tuning conditions, 1,000 train / 1,000 test,
    # batch 4 x accumulation 4, 3 epochs; evaluate 1,000 test prompts per instance in batches of 16 with up to 128
    # new tokens; saliency 1,000 samples for the two information conditions of each dataset; verbalizer 100 shots
    # per label (at most 5 labels) x 5 epochs in batches of 30, two verbalizers per dataset, plus 1,000 test prompts.
    finetunes, train, test = 24, 1000, 1000
    micro_batches = math.ceil(train / 4) * 3
    estimate = {
        "finetune_hours": finetunes * micro_batches * facts["finetune"]["seconds_per_micro_batch"] / 3600,
        "evaluate_hours": finetunes * math.ceil(test / 16) * facts["generate"]["seconds_per_batch"] / 3600,
        "saliency_hours": 12 * test * facts["saliency"]["seconds_per_sample"] / 3600,
        "verbalizer_hours": 12 * (math.ceil(500 / 30) * 5 + math.ceil(test / 30)) * facts["t5"]["seconds_per_step"] / 3600,
    }
    estimate["total_hours"] = sum(estimate.values())
    estimate["peak_gib"] = max(facts[k]["peak_gib"] for k in ("finetune", "generate", "saliency", "t5"))
    facts["paper_profile_estimate"] = estimate
    text = json.dumps(facts, indent=2)
    print(text)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
