#!/usr/bin/python3
"""PyTorch eager twin of ModelBenchmark: the same LLaMA block structure and sizes, random tokens.
Usage: bench_llama.py vocab hidden intermediate layers heads kv_heads batch length iterations threads
Prints "<forward tokens/s> <forward+backward tokens/s>", then "blas=<the BLAS library this process loaded>" and
"gemm=<GFLOP/s of a 2048x2048 fp32 matmul>" (torch's matmul on that BLAS, the same thread count)."""
import sys, time
import torch

V, H, I, L, NH, KVH, B, T, N, THREADS = map(int, sys.argv[1:11])
torch.set_num_threads(THREADS)
torch.manual_seed(0)
D = H // NH

class Rms(torch.nn.Module):
    def __init__(self):
        super().__init__(); self.weight = torch.nn.Parameter(torch.ones(H))
    def forward(self, x):
        h = x.float(); return self.weight * (h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + 1e-5)).to(x.dtype)

class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = (torch.nn.Linear(H, NH * D, bias=False), torch.nn.Linear(H, KVH * D, bias=False),
                                          torch.nn.Linear(H, KVH * D, bias=False), torch.nn.Linear(NH * D, H, bias=False))
        self.g, self.u, self.d = torch.nn.Linear(H, I, bias=False), torch.nn.Linear(H, I, bias=False), torch.nn.Linear(I, H, bias=False)
        self.n1, self.n2 = Rms(), Rms()
    def forward(self, x, cos, sin, mask):
        b, t, _ = x.shape
        h = self.n1(x)
        q = self.q(h).view(b, t, NH, D).transpose(1, 2)
        k = self.k(h).view(b, t, KVH, D).transpose(1, 2)
        v = self.v(h).view(b, t, KVH, D).transpose(1, 2)
        rot = lambda z: torch.cat([-z[..., D // 2:], z[..., :D // 2]], -1)
        q, k = q * cos + rot(q) * sin, k * cos + rot(k) * sin
        k, v = k.repeat_interleave(NH // KVH, 1), v.repeat_interleave(NH // KVH, 1)
        a = torch.softmax((q @ k.transpose(2, 3) / D ** 0.5).float() + mask, -1)
        x = x + self.o((a.to(v.dtype) @ v).transpose(1, 2).reshape(b, t, H))
        h = self.n2(x)
        return x + self.d(torch.nn.functional.silu(self.g(h)) * self.u(h))

class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.e = torch.nn.Embedding(V, H); self.blocks = torch.nn.ModuleList(Block() for _ in range(L))
        self.n = Rms(); self.head = torch.nn.Linear(H, V, bias=False)
    def forward(self, ids):
        t = ids.shape[1]
        inv = 1.0 / (10000 ** (torch.arange(0, D, 2).float() / D))
        f = torch.arange(t).float()[:, None] * inv[None]
        emb = torch.cat([f, f], -1); cos, sin = emb.cos(), emb.sin()
        mask = torch.full((t, t), -1e9).triu(1)
        x = self.e(ids)
        for blk in self.blocks:
            x = blk(x, cos, sin, mask)
        return self.head(self.n(x))

m = Model()
ids = torch.randint(0, V, (B, T))
def run(train):
    for i in range(N + 2):
        if i == 2: start = time.perf_counter()
        if train:
            m.train(); loss = torch.nn.functional.cross_entropy(m(ids).view(-1, V), ids.view(-1)); loss.backward(); m.zero_grad()
        else:
            m.eval()
            with torch.no_grad(): m(ids)
    return B * T * N / (time.perf_counter() - start)
print(f"{run(False):.1f} {run(True):.1f}")

def loaded_blas():
    # Debian's python3-torch and numpy call whatever libblas.so.3 the alternatives system points at: the reference
    # BLAS (slow) unless an optimised one (libopenblas0-pthread, libblis, MKL) is installed.
    import os
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and line.split()[-1].startswith("/")}
    return ",".join(sorted(os.path.realpath(p) for p in paths)) or "none"

def gemm(n=2048, repeats=3):
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter(); a @ b
        best = max(best, 2 * n ** 3 / (time.perf_counter() - start) / 1e9)
    return best

print(f"gemm={gemm():.1f}")
print(f"blas={loaded_blas()}")
