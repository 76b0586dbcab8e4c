using MreRepro.Models.T5.Tokenization;
using MreRepro.Models.T5.Verbalizers;

namespace MreRepro.Models.T5.Tests.Verbalizers;

/// <summary>
/// With a Japanese SentencePiece model a word often starts with a bare '▁' piece; scored "first", every class would
/// share it. The committed tiny model (make_tiny_spiece.py) splits 研究チームが as '▁', '研究チームが' (Google's ids 118, 30).
/// </summary>
public sealed class LabelWordPiecesTests
{
    private static readonly T5SentencePieceTokenizer Tiny =
        T5SentencePieceTokenizer.Load(Path.Combine(AppContext.BaseDirectory, "References", "tiny_spiece", "spiece.model"));

    [Fact]
    public void Should_drop_a_leading_bare_boundary_piece_so_that_classes_do_not_share_their_scored_piece()
    {
        var pieces = LabelWordPieces.For(Tiny);

        Assert.Equal([118, 30], Tiny.Encode("研究チームが"));
        Assert.Equal("", Tiny.Decode([118]).Trim());
        Assert.Equal([30], pieces("研究チームが"));
        // A word whose first piece carries text keeps all its pieces.
        Assert.Equal(Tiny.Encode("この文章のカテゴリーは科学"), pieces("この文章のカテゴリーは科学"));
        Assert.NotEqual(118, Tiny.Encode("この文章のカテゴリーは科学")[0]);
    }

    [Fact]
    public void Should_keep_the_first_piece_of_each_class_distinct_in_a_manual_verbalizer()
    {
        var verbalizer = new ManualVerbalizer([["研究チームが"], ["この文章のカテゴリーは科学"]], LabelWordPieces.For(Tiny), "", MultiTokenHandler.First);

        var first = verbalizer.WordPieces.Select(c => c[0][0]).ToList();

        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.DoesNotContain(118, first);
    }
}
