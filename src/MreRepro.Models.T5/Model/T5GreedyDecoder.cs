using static TorchSharp.torch;

namespace MreRepro.Models.T5.Model;

/// <summary>
/// Greedy T5 decoding of one input: encode once, then extend the decoder input from decoder_start_token_id one argmax
/// at a time (no key/value cache: the decoder is rerun on the whole prefix, which is exact and fine for short outputs).
/// </summary>
public static class T5GreedyDecoder
{
    /// <summary>The generated ids (decoder start excluded); stops at <paramref name="eosId"/> unless it is null.</summary>
    public static int[] Generate(T5ForConditionalGeneration model, long[] inputIds, int maxNewTokens, int? eosId)
    {
        var device = model.parameters().First().device;
        using var noGrad = no_grad();
        using var input = tensor(inputIds, device: device).unsqueeze(0);
        using var encoded = model.Encode(input, null);
        var decoded = new List<long> { model.Config.DecoderStartTokenId };
        for (var n = 0; n < maxNewTokens; n++)
        {
            using var scope = NewDisposeScope();
            var decoderInput = tensor(decoded.ToArray(), device: device).unsqueeze(0);
            var logits = model.Decode(decoderInput, encoded, null);
            var next = logits.select(1, logits.shape[1] - 1).argmax(-1).item<long>();
            if (next == eosId)
            {
                break;
            }
            decoded.Add(next);
        }
        return decoded.Skip(1).Select(id => (int)id).ToArray();
    }
}
