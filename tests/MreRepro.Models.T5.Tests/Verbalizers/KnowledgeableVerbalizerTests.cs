using MreRepro.Models.T5.Verbalizers;

namespace MreRepro.Models.T5.Tests.Verbalizers;

public sealed class KnowledgeableVerbalizerTests
{
    [Fact]
    public void Should_delete_words_shared_by_classes_but_keep_class_names()
    {
        var result = KnowledgeableVerbalizer.DeleteCommonWords(
        [
            ["sports", "ball", "game", "team"],
            ["politics", "game", "vote", "ball"],
            ["economy", "game"],
        ]);
        Assert.Equal(["sports", "team"], result[0]);
        Assert.Equal(["politics", "vote"], result[1]);
        Assert.Equal(["economy"], result[2]);
    }

    [Fact]
    public void Should_keep_a_class_name_that_is_another_class_word()
    {
        var result = KnowledgeableVerbalizer.DeleteCommonWords([["game", "play"], ["politics", "game"]]);
        Assert.Equal(["game", "play"], result[0]);
        Assert.Equal(["politics"], result[1]);
    }

    [Fact]
    public void Should_remove_only_first_repeat_of_a_word_repeated_inside_one_class()
    {
        var result = KnowledgeableVerbalizer.DeleteCommonWords([["a", "w", "w"], ["b"]]);
        Assert.Equal(["a", "w"], result[0]);
        Assert.Equal(["b"], result[1]);
    }
}
