"""Reference logits for the C# T5 port, from an independent plain-torch T5 written from methods spec E5.

Run with Debian's /usr/bin/python3 (torch 1.13, no transformers). Writes two tiny random-weight checkpoints in
the HF layout (t5_v10_tied: config.json + model.safetensors; t5_v11_untied: config.json + pytorch_model.bin)
and t5_reference.json with inputs and logits.
"""
import json
import math
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def rms_norm(x, w, eps):
    var = x.pow(2).mean(-1, keepdim=True)
    return w * (x * torch.rsqrt(var + eps))


def bucket(rel, bidirectional, n, max_distance):
    out = torch.zeros_like(rel)
    if bidirectional:
        n //= 2
        out += (rel > 0).long() * n
        rel = rel.abs()
    else:
        rel = -torch.min(rel, torch.zeros_like(rel))
    max_exact = n // 2
    small = rel < max_exact
    large = max_exact + (torch.log(rel.float() / max_exact) / math.log(max_distance / max_exact) * (n - max_exact)).long()
    large = torch.min(large, torch.full_like(large, n - 1))
    return out + torch.where(small, rel, large)


def position_bias(emb, q_len, k_len, bidirectional, cfg):
    rel = torch.arange(k_len)[None, :] - torch.arange(q_len)[:, None]
    b = bucket(rel, bidirectional, cfg["relative_attention_num_buckets"], cfg["relative_attention_max_distance"])
    return emb[b].permute(2, 0, 1).unsqueeze(0)


def attention(sd, prefix, x, kv, bias, cfg):
    h, dk = cfg["num_heads"], cfg["d_kv"]
    B = x.shape[0]
    split = lambda t: t.view(B, -1, h, dk).transpose(1, 2)
    q = split(x @ sd[prefix + "q.weight"].T)
    k = split(kv @ sd[prefix + "k.weight"].T)
    v = split(kv @ sd[prefix + "v.weight"].T)
    scores = q @ k.transpose(2, 3) + bias  # T5: no 1/sqrt(d_kv)
    w = torch.softmax(scores, dim=-1)
    ctx = (w @ v).transpose(1, 2).reshape(B, -1, h * dk)
    return ctx @ sd[prefix + "o.weight"].T


def feed_forward(sd, prefix, x, cfg):
    if cfg["feed_forward_proj"] == "gated-gelu":
        a = x @ sd[prefix + "wi_0.weight"].T
        gelu = 0.5 * a * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (a + 0.044715 * a.pow(3))))
        inner = gelu * (x @ sd[prefix + "wi_1.weight"].T)
    else:
        inner = torch.relu(x @ sd[prefix + "wi.weight"].T)
    return inner @ sd[prefix + "wo.weight"].T


def additive(mask):
    return (1.0 - mask) * torch.finfo(torch.float32).min  # HF uses finfo(dtype).min; same effect after softmax


def forward(sd, cfg, input_ids, attention_mask, decoder_ids):
    eps = cfg["layer_norm_epsilon"]
    shared = sd["shared.weight"]
    enc_mask = additive(attention_mask[:, None, None, :].to(shared.dtype))
    x = shared[input_ids]
    L = input_ids.shape[1]
    bias = position_bias(sd["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"], L, L, True, cfg) + enc_mask
    for i in range(cfg["num_layers"]):
        p = f"encoder.block.{i}."
        x = x + attention(sd, p + "layer.0.SelfAttention.", rms_norm(x, sd[p + "layer.0.layer_norm.weight"], eps),
                          rms_norm(x, sd[p + "layer.0.layer_norm.weight"], eps), bias, cfg)
        x = x + feed_forward(sd, p + "layer.1.DenseReluDense.", rms_norm(x, sd[p + "layer.1.layer_norm.weight"], eps), cfg)
    enc = rms_norm(x, sd["encoder.final_layer_norm.weight"], eps)

    T = decoder_ids.shape[1]
    y = shared[decoder_ids]
    causal = torch.tril(torch.ones(T, T, dtype=shared.dtype))[None, None]
    dbias = position_bias(sd["decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"], T, T, False, cfg) + additive(causal)
    for i in range(cfg["num_decoder_layers"]):
        p = f"decoder.block.{i}."
        n0 = rms_norm(y, sd[p + "layer.0.layer_norm.weight"], eps)
        y = y + attention(sd, p + "layer.0.SelfAttention.", n0, n0, dbias, cfg)
        n1 = rms_norm(y, sd[p + "layer.1.layer_norm.weight"], eps)
        y = y + attention(sd, p + "layer.1.EncDecAttention.", n1, enc, enc_mask, cfg)
        y = y + feed_forward(sd, p + "layer.2.DenseReluDense.", rms_norm(y, sd[p + "layer.2.layer_norm.weight"], eps), cfg)
    y = rms_norm(y, sd["decoder.final_layer_norm.weight"], eps)
    if cfg["tie_word_embeddings"]:
        return (y * cfg["d_model"] ** -0.5) @ shared.T
    return y @ sd["lm_head.weight"].T


def make_state_dict(cfg, gen, scale):
    d, dk, h, ff, V = cfg["d_model"], cfg["d_kv"], cfg["num_heads"], cfg["d_ff"], cfg["vocab_size"]
    r = lambda *shape: (torch.randn(*shape, generator=gen) * scale).float()
    sd = {"shared.weight": r(V, d)}
    for stack, n in (("encoder", cfg["num_layers"]), ("decoder", cfg["num_decoder_layers"])):
        for i in range(n):
            p = f"{stack}.block.{i}.layer."
            for m in "qkv":
                sd[p + f"0.SelfAttention.{m}.weight"] = r(h * dk, d)
            sd[p + "0.SelfAttention.o.weight"] = r(d, h * dk)
            if i == 0:
                sd[p + "0.SelfAttention.relative_attention_bias.weight"] = r(cfg["relative_attention_num_buckets"], h)
            sd[p + "0.layer_norm.weight"] = 1.0 + r(d)
            ffl = 1
            if stack == "decoder":
                for m in "qkv":
                    sd[p + f"1.EncDecAttention.{m}.weight"] = r(h * dk, d)
                sd[p + "1.EncDecAttention.o.weight"] = r(d, h * dk)
                sd[p + "1.layer_norm.weight"] = 1.0 + r(d)
                ffl = 2
            if cfg["feed_forward_proj"] == "gated-gelu":
                sd[p + f"{ffl}.DenseReluDense.wi_0.weight"] = r(ff, d)
                sd[p + f"{ffl}.DenseReluDense.wi_1.weight"] = r(ff, d)
            else:
                sd[p + f"{ffl}.DenseReluDense.wi.weight"] = r(ff, d)
            sd[p + f"{ffl}.DenseReluDense.wo.weight"] = r(d, ff)
            sd[p + f"{ffl}.layer_norm.weight"] = 1.0 + r(d)
        sd[f"{stack}.final_layer_norm.weight"] = 1.0 + r(d)
    if not cfg["tie_word_embeddings"]:
        sd["lm_head.weight"] = r(V, d)
    return sd


def write_safetensors(path, sd):
    """safetensors by hand: u64 little-endian header length, JSON header, raw little-endian data."""
    header, offset, blobs = {}, 0, []
    for name in sorted(sd):
        data = sd[name].contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(sd[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header["__metadata__"] = {"format": "pt"}
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def main():
    base = {"model_type": "t5", "vocab_size": 101, "d_model": 32, "d_kv": 16, "num_heads": 2, "num_layers": 2,
            "num_decoder_layers": 2, "layer_norm_epsilon": 1e-6, "relative_attention_num_buckets": 8,
            "relative_attention_max_distance": 20, "dropout_rate": 0.1, "pad_token_id": 0, "eos_token_id": 1,
            "decoder_start_token_id": 0}
    variants = [
        ("t5_v10_tied", dict(base, d_ff=40, feed_forward_proj="relu", tie_word_embeddings=True), "safetensors", 0.3),
        ("t5_v11_untied", dict(base, d_ff=24, feed_forward_proj="gated-gelu", tie_word_embeddings=False), "bin", 0.2),
    ]
    gen = torch.Generator().manual_seed(20240607)
    # Row 1 is padded so the encoder mask matters; length 14 crosses max_exact so log buckets are used.
    input_ids = torch.tensor([[5, 17, 99, 42, 3, 8, 64, 21, 77, 12, 30, 55, 2, 1],
                              [9, 44, 18, 91, 7, 1, 0, 0, 0, 0, 0, 0, 0, 0]])
    attention_mask = (torch.arange(14)[None, :] < torch.tensor([[14], [6]])).long()
    decoder_ids = torch.tensor([[0, 32, 7, 88, 15, 60, 4, 19, 23, 50, 11], [0, 99, 3, 3, 40, 2, 8, 1, 0, 70, 5]])
    out = {"input_ids": input_ids.tolist(), "attention_mask": attention_mask.tolist(),
           "decoder_input_ids": decoder_ids.tolist(), "models": {}}
    for name, cfg, fmt, scale in variants:
        folder = os.path.join(HERE, name)
        os.makedirs(folder, exist_ok=True)
        sd = make_state_dict(cfg, gen, scale)
        with open(os.path.join(folder, "config.json"), "w") as f:
            json.dump(cfg, f, indent=2, sort_keys=True)
        if fmt == "safetensors":
            write_safetensors(os.path.join(folder, "model.safetensors"), sd)
        else:
            torch.save(sd, os.path.join(folder, "pytorch_model.bin"))
        with torch.no_grad():
            # Truth in float64 from the stored fp32 weights; the C# fp32 forward must land within 1e-5 of it.
            logits = forward({k: v.double() for k, v in sd.items()}, cfg, input_ids, attention_mask, decoder_ids)
        out["models"][name] = {"logits": [[[float(v) for v in row] for row in b] for b in logits.tolist()]}
    with open(os.path.join(HERE, "t5_reference.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
