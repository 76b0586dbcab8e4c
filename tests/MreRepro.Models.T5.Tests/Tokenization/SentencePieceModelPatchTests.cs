using MreRepro.Models.T5.Tokenization;

namespace MreRepro.Models.T5.Tests.Tokenization;

public sealed class SentencePieceModelPatchTests
{
    // pieces: {piece "a"}, {piece "b"}; trainer_spec {unk_id 2, bos_id -1, eos_id 1}; normalizer_spec {name "x"}.
    private static readonly byte[] s_model =
    [
        0x0A, 0x03, 0x0A, 0x01, (byte)'a',
        0x0A, 0x03, 0x0A, 0x01, (byte)'b',
        0x12, 0x12, 0xC0, 0x02, 0x02, 0xC8, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0xD0, 0x02, 0x01,
        0x1A, 0x03, 0x0A, 0x01, (byte)'x',
    ];

    [Fact]
    public void Should_read_negative_bos_id_and_piece_count()
    {
        Assert.Equal(-1, SentencePieceModelPatch.ReadBosId(s_model));
        Assert.Equal(2, SentencePieceModelPatch.CountPieces(s_model));
    }

    [Fact]
    public void Should_rewrite_only_bos_id_inside_trainer_spec()
    {
        var patched = SentencePieceModelPatch.WithBosId(s_model, 0);
        byte[] expected =
        [
            0x0A, 0x03, 0x0A, 0x01, (byte)'a',
            0x0A, 0x03, 0x0A, 0x01, (byte)'b',
            0x12, 0x09, 0xC0, 0x02, 0x02, 0xD0, 0x02, 0x01, 0xC8, 0x02, 0x00,
            0x1A, 0x03, 0x0A, 0x01, (byte)'x',
        ];
        Assert.Equal(expected, patched);
        Assert.Equal(0, SentencePieceModelPatch.ReadBosId(patched));
    }

    [Fact]
    public void Should_add_trainer_spec_when_absent()
    {
        byte[] bare = [0x0A, 0x03, 0x0A, 0x01, (byte)'a'];
        var patched = SentencePieceModelPatch.WithBosId(bare, 0);
        Assert.Null(SentencePieceModelPatch.ReadBosId(bare));
        Assert.Equal(0, SentencePieceModelPatch.ReadBosId(patched));
        Assert.Equal(1, SentencePieceModelPatch.CountPieces(patched));
    }

    [Fact]
    public void Should_reject_truncated_model()
    {
        Assert.Throws<InvalidDataException>(() => SentencePieceModelPatch.ReadBosId(s_model[..14]));
    }
}
