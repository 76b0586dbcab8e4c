#!/usr/bin/python3
"""Reference values for the C# LLaMA: an independent plain-torch forward (no transformers) written from
spec/methods.md E3 (HF half-rotation RoPE, RMSNorm in fp32, SiLU-gated MLP, grouped KV heads).
Writes tiny_llama/ (config.json + model.safetensors written by hand) and llama_reference.json (with greedy
decoding ids for a few prompts), and
llama_hf_reference.json: what Hugging Face's LlamaForCausalLM semantics give (computed by the plain-torch forward here:
transformers is not installable offline) for the same weights stored in its layout as
float32 and as bfloat16 (loaded with torch_dtype=float32): greedy ids (use_cache, no EOS stop), logits and
output_hidden_states, plus the config.json transformers writes. The C# tests build those folders at test time from
tiny_llama/model.safetensors (bf16 by round-to-nearest-even, also sharded), so no other binary is committed.
Run with Debian's python3 (torch 1.13): /usr/bin/python3 make_llama_reference.py"""
import json, os, struct
import torch

torch.manual_seed(1234)
V, H, L, NH, KVH, I = 97, 32, 2, 4, 2, 64
D = H // NH
EPS, THETA = 1e-5, 10000.0
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "tiny_llama")
os.makedirs(out, exist_ok=True)

w = {"model.embed_tokens.weight": torch.randn(V, H) * 0.5}
for l in range(L):
    p = f"model.layers.{l}."
    w[p + "self_attn.q_proj.weight"] = torch.randn(NH * D, H) * 0.3
    w[p + "self_attn.k_proj.weight"] = torch.randn(KVH * D, H) * 0.3
    w[p + "self_attn.v_proj.weight"] = torch.randn(KVH * D, H) * 0.3
    w[p + "self_attn.o_proj.weight"] = torch.randn(H, NH * D) * 0.3
    w[p + "mlp.gate_proj.weight"] = torch.randn(I, H) * 0.3
    w[p + "mlp.up_proj.weight"] = torch.randn(I, H) * 0.3
    w[p + "mlp.down_proj.weight"] = torch.randn(H, I) * 0.3
    w[p + "input_layernorm.weight"] = 1 + 0.1 * torch.randn(H)
    w[p + "post_attention_layernorm.weight"] = 1 + 0.1 * torch.randn(H)
w["model.norm.weight"] = 1 + 0.1 * torch.randn(H)
w["lm_head.weight"] = torch.randn(V, H) * 0.3

def save_safetensors(path, tensors):
    # Hugging Face files carry a __metadata__ entry; the loader must skip it.
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        data = tensors[name].contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))

save_safetensors(os.path.join(out, "model.safetensors"), w)
config = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": V, "hidden_size": H,
          "intermediate_size": I, "num_hidden_layers": L, "num_attention_heads": NH, "num_key_value_heads": KVH,
          "hidden_act": "silu", "max_position_embeddings": 64, "rms_norm_eps": EPS, "rope_theta": THETA,
          "tie_word_embeddings": False, "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "float32"}
with open(os.path.join(out, "config.json"), "w") as f:
    json.dump(config, f, indent=2)

def rms(x, weight):
    h = x.float()
    return weight * (h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + EPS))

def rope(x, pos):
    inv = 1.0 / (THETA ** (torch.arange(0, D, 2).float() / D))
    f = pos[:, None].float() * inv[None, :]
    emb = torch.cat([f, f], -1)
    cos, sin = emb.cos(), emb.sin()
    x1, x2 = x[..., : D // 2], x[..., D // 2:]
    return x * cos + torch.cat([-x2, x1], -1) * sin

def forward(ids, adapters=None, states=None):
    T = ids.shape[0]
    pos = torch.arange(T)
    h = w["model.embed_tokens.weight"][ids]
    probs_all = []
    causal = torch.full((T, T), float("-inf")).triu(1)
    for l in range(L):
        p = f"model.layers.{l}."
        if states is not None:
            states.append(h)  # HF output_hidden_states: the input of each layer, then the final norm's output
        x = rms(h, w[p + "input_layernorm.weight"])
        q = (x @ w[p + "self_attn.q_proj.weight"].T).view(T, NH, D).transpose(0, 1)
        k = (x @ w[p + "self_attn.k_proj.weight"].T).view(T, KVH, D).transpose(0, 1)
        v = (x @ w[p + "self_attn.v_proj.weight"].T).view(T, KVH, D).transpose(0, 1)
        q, k = rope(q, pos), rope(k, pos)
        k = k.repeat_interleave(NH // KVH, 0)
        v = v.repeat_interleave(NH // KVH, 0)
        a = torch.softmax(q @ k.transpose(1, 2) / D ** 0.5 + causal, -1)
        probs_all.append(a)
        if adapters is not None:
            a = a * adapters[l]
        o = (a @ v).transpose(0, 1).reshape(T, NH * D) @ w[p + "self_attn.o_proj.weight"].T
        h = h + o
        x = rms(h, w[p + "post_attention_layernorm.weight"])
        m = (torch.nn.functional.silu(x @ w[p + "mlp.gate_proj.weight"].T) * (x @ w[p + "mlp.up_proj.weight"].T)) @ w[p + "mlp.down_proj.weight"].T
        h = h + m
    hn = rms(h, w["model.norm.weight"])
    if states is not None:
        states.append(hn)
    return hn @ w["lm_head.weight"].T, hn, probs_all

ids = torch.tensor([1, 5, 17, 42, 8, 96, 3, 60, 21, 7])
with torch.no_grad():
    logits, hidden, probs = forward(ids)

# Saliency: CE of gold token 33 at target position 8 over the full vocabulary; I_l = |sum_h A * dL/dA|.
adapters = [torch.ones(NH, len(ids), len(ids), requires_grad=True) for _ in range(L)]
lg, _, _ = forward(ids, adapters)
loss = torch.nn.functional.cross_entropy(lg[8][None], torch.tensor([33]))
loss.backward()
saliency = [a.grad.sum(0).abs().flatten().tolist() for a in adapters]

# The label-words variant (spec A2): CE over a restricted token set, gold = index of 33 in it.
restrict = [60, 33, 5, 2]
adapters = [torch.ones(NH, len(ids), len(ids), requires_grad=True) for _ in range(L)]
lg, _, _ = forward(ids, adapters)
loss = torch.nn.functional.cross_entropy(lg[8][restrict][None], torch.tensor([restrict.index(33)]))
loss.backward()
restricted = [a.grad.sum(0).abs().flatten().tolist() for a in adapters]

# Greedy decoding: recompute the whole sequence each step (no cache), argmax of the last position, stop at eos
# (not emitted) or after max_new tokens. The smallest top-1/top-2 logit gap is recorded: a gap far above float
# noise means the C# argmax must pick the same token.
def greedy(prompt, max_new, eos):
    seq, generated, gap = list(prompt), [], float("inf")
    with torch.no_grad():
        for _ in range(max_new):
            last = forward(torch.tensor(seq))[0][-1]
            top = torch.topk(last, 2).values
            gap = min(gap, (top[0] - top[1]).item())
            token = int(last.argmax())
            if token == eos:
                break
            generated.append(token)
            seq.append(token)
    return generated, gap

prompts = [[1, 5, 17, 42, 8], [1, 70, 3], [1, 12, 12, 12, 12, 12, 40]]
greedy_cases = []
for prompt in prompts:
    generated, gap = greedy(prompt, 12, 2)
    greedy_cases.append({"prompt": prompt, "eos_id": 2, "max_new_tokens": 12, "ids": generated, "min_gap": gap})
# The same first prompt with an eos the model reaches after a few tokens, so stopping is checked too.
first = greedy_cases[0]["ids"]
stop = next(i for i in range(3, len(first)) if first[i] not in first[:i])
generated, gap = greedy(prompts[0], 12, first[stop])
greedy_cases.append({"prompt": prompts[0], "eos_id": first[stop], "max_new_tokens": 12, "ids": generated, "min_gap": gap})

with open(os.path.join(here, "llama_reference.json"), "w") as f:
    json.dump({"input_ids": ids.tolist(), "logits": logits.flatten().tolist(), "hidden": hidden.flatten().tolist(),
               "attention": [p.flatten().tolist() for p in probs], "saliency_target": 8, "saliency_gold": 33,
               "saliency": saliency, "restrict_to": restrict, "restricted_saliency": restricted,
               "greedy": greedy_cases}, f)
print("wrote", out, "and llama_reference.json")

# Hugging Face layout. Greedy decoding with HF's KV cache gives the argmax of the full-sequence logits at each step
# (the cache only avoids recomputation), so the reference recomputes the whole sequence: no cache code to trust.
hf_config = dict(config, attention_bias=False, attention_dropout=0.0, mlp_bias=False, pretraining_tp=1,
                 rope_scaling=None, use_cache=True, initializer_range=0.02, transformers_version="4.46.3")
prompt = [1, 5, 17, 42, 8, 96, 3]
new_tokens = 24
original = dict(w)
cases = {}
for dtype_name, dtype in (("float32", torch.float32), ("bfloat16", torch.bfloat16)):
    w = {k: v.to(dtype).float() for k, v in original.items()}  # from_pretrained(torch_dtype=float32) upcasts
    with torch.no_grad():
        states = []
        lg, _, _ = forward(torch.tensor(prompt), states=states)
        seq = list(prompt)
        for _ in range(new_tokens):
            seq.append(int(forward(torch.tensor(seq))[0][-1].argmax()))
    cases[dtype_name] = {"greedy": seq[len(prompt):], "logits": lg.flatten().tolist(),
                         "hidden": [s_.flatten().tolist() for s_ in states]}
w = original
with open(os.path.join(here, "llama_hf_reference.json"), "w") as f:
    json.dump({"config": hf_config, "prompt": prompt, "eos_token_id": config["eos_token_id"], "cases": cases}, f)
print("wrote llama_hf_reference.json")
