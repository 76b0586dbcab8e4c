using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MreRepro.Training.Tests.Fixtures;

/// <summary>A one-block toy decoder (embedding, q/v projections, dropout, LM head) with LLaMA-like child names.</summary>
internal sealed class TinyLm : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embed_tokens;
    private readonly TinyBlock block;
    private readonly Linear lm_head;

    public TinyLm(int vocab, int hidden, double dropout)
        : base(nameof(TinyLm))
    {
        embed_tokens = nn.Embedding(vocab, hidden);
        block = new TinyBlock(hidden, dropout);
        lm_head = nn.Linear(hidden, vocab, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor inputIds)
    {
        using var h = embed_tokens.call(inputIds);
        using var b = block.call(h);
        return lm_head.call(b);
    }
}

internal sealed class TinyBlock : nn.Module<Tensor, Tensor>
{
    private readonly Linear q_proj;
    private readonly Linear v_proj;
    private readonly LayerNorm norm;
    private readonly Dropout dropout;

    public TinyBlock(int hidden, double dropout)
        : base(nameof(TinyBlock))
    {
        q_proj = nn.Linear(hidden, hidden);
        v_proj = nn.Linear(hidden, hidden);
        norm = nn.LayerNorm(hidden);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var q = q_proj.call(x);
        using var a = nn.functional.tanh(q);
        using var v = v_proj.call(a);
        using var d = dropout.call(v);
        using var r = x + d;
        return norm.call(r);
    }
}
