using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Tests.Formats;

public sealed class AnswerFormatTests
{
    private static readonly string[] s_classes = ["社会", "文芸", "学問", "技術", "自然"];

    public sealed class TheFormatWordLevelMethod
    {
        [Fact]
        public void Should_write_ascii_separators_in_pair_order()
        {
            var answer = AnswerFormat.FormatWordLevel([new WordPair("人名", "松友美佐紀", 0), new WordPair("地名", "日本", 6)]);

            Assert.Equal("人名;松友美佐紀:地名;日本", answer);
        }

        [Fact]
        public void Should_write_nai_when_there_are_no_pairs()
        {
            Assert.Equal("無い", AnswerFormat.FormatWordLevel([]));
        }

        [Fact]
        public void Should_round_trip_a_word_that_contains_a_colon_through_the_lenient_reading_only()
        {
            var pairs = new[] { new WordPair("製品名", "Re:ゼロ"), new WordPair("人名", "長月達平") };
            var answer = AnswerFormat.FormatWordLevel(pairs);

            var lenient = AnswerFormat.ParseWordLevel(answer, parsing: WordLevelParsing.Lenient);
            var strict = AnswerFormat.ParseWordLevel(answer);

            Assert.True(lenient.Ok);
            Assert.Equal(pairs, lenient.Pairs);
            Assert.False(strict.Ok);
            Assert.Contains("'ゼロ' is not a 'label;word' pair", strict.Error);
        }

        [Fact]
        public void Should_refuse_a_label_that_contains_a_separator()
        {
            var error = Assert.Throws<ArgumentException>(() => AnswerFormat.FormatWordLevel([new WordPair("人;名", "x")]));

            Assert.Contains("人;名", error.Message);
        }
    }

    public sealed class TheParseWordLevelMethod
    {
        [Theory]
        [InlineData("人名;松友美佐紀:地名;日本")]
        [InlineData("人名；松友美佐紀：地名；日本")]
        [InlineData(" 人名 ; 松友美佐紀 :  地名;日本 ")]
        [InlineData("人名;松友美佐紀:地名;日本\n")]
        public void Should_accept_full_width_separators_and_stray_spaces_when_strict(string answer)
        {
            var parsed = AnswerFormat.ParseWordLevel(answer);

            Assert.True(parsed.Ok, parsed.Error);
            Assert.Equal([new WordPair("人名", "松友美佐紀"), new WordPair("地名", "日本")], parsed.Pairs);
        }

        [Theory]
        [InlineData("人名;松友美佐紀:地名;日本:", "empty item")]
        [InlineData(":人名;松友美佐紀:地名;日本", "empty item")]
        [InlineData("人名;松友美佐紀::地名;日本", "empty item")]
        [InlineData("人名;松友美佐紀:地名;日本;", "more than one ';'")]
        [InlineData(":無い;", "empty item")]
        public void Should_call_separator_noise_malformed_when_strict(string answer, string reason)
        {
            var parsed = AnswerFormat.ParseWordLevel(answer);

            Assert.False(parsed.Ok);
            Assert.Contains(reason, parsed.Error);
        }

        [Fact]
        public void Should_not_fold_a_segment_without_a_label_into_the_previous_word_when_strict()
        {
            var parsed = AnswerFormat.ParseWordLevel("製品名;浅間:和:地名;浅間");

            Assert.False(parsed.Ok);
            Assert.Contains("'和' is not a 'label;word' pair", parsed.Error);
            Assert.Equal([new WordPair("製品名", "浅間"), new WordPair("地名", "浅間")], parsed.Pairs);
        }

        [Fact]
        public void Should_fold_a_segment_without_a_label_into_the_previous_word_when_lenient()
        {
            var parsed = AnswerFormat.ParseWordLevel("製品名;浅間:和:地名;浅間", parsing: WordLevelParsing.Lenient);

            Assert.True(parsed.Ok);
            Assert.Equal([new WordPair("製品名", "浅間:和"), new WordPair("地名", "浅間")], parsed.Pairs);
        }

        [Theory]
        [InlineData("人名;松友美佐紀:地名;日本")]
        [InlineData("人名;松友美佐紀:地名;日本:")]
        [InlineData(":人名;松友美佐紀:地名;日本;")]
        [InlineData("人名;松友美佐紀::地名;日本\n")]
        [InlineData("：人名；松友美佐紀：地名；日本")]
        public void Should_accept_separator_variants_and_trailing_separators_when_lenient(string answer)
        {
            var parsed = AnswerFormat.ParseWordLevel(answer, parsing: WordLevelParsing.Lenient);

            Assert.True(parsed.Ok, parsed.Error);
            Assert.Equal([new WordPair("人名", "松友美佐紀"), new WordPair("地名", "日本")], parsed.Pairs);
        }

        [Theory]
        [InlineData("無い", WordLevelParsing.Strict)]
        [InlineData(" 無い\n", WordLevelParsing.Strict)]
        [InlineData(":無い;", WordLevelParsing.Lenient)]
        [InlineData("：無い；", WordLevelParsing.Lenient)]
        public void Should_read_nai_as_an_empty_answer(string answer, WordLevelParsing parsing)
        {
            var parsed = AnswerFormat.ParseWordLevel(answer, parsing: parsing);

            Assert.True(parsed.Ok);
            Assert.Empty(parsed.Pairs);
        }

        [Fact]
        public void Should_keep_duplicate_pairs_as_a_multiset()
        {
            var parsed = AnswerFormat.ParseWordLevel("地名;日本:地名;日本:人名;太郎");

            Assert.Equal(3, parsed.Pairs.Count);
            Assert.Equal(2, parsed.Pairs.Count(p => p.Key == ("地名", "日本")));
        }

        [Fact]
        public void Should_normalise_label_width_but_never_the_word()
        {
            var parsed = AnswerFormat.ParseWordLevel("ＰＥＲ;ＡＢＣ株式会社");

            Assert.Equal(new WordPair("PER", "ＡＢＣ株式会社"), Assert.Single(parsed.Pairs));
        }

        [Theory]
        [InlineData("", "empty answer")]
        [InlineData(null, "empty answer")]
        [InlineData("::;", "empty item")]
        [InlineData("I am not sure what the entities are.", "is not a 'label;word' pair")]
        [InlineData("人名;", "has no word")]
        [InlineData(";松友美佐紀", "has no label")]
        [InlineData("<s> [INST] [/INST]", "is not a 'label;word' pair")]
        public void Should_fail_without_throwing_on_garbage(string? answer, string reason)
        {
            var parsed = AnswerFormat.ParseWordLevel(answer);

            Assert.False(parsed.Ok);
            Assert.Contains(reason, parsed.Error);
        }

        [Fact]
        public void Should_return_the_good_pairs_of_a_partly_malformed_generation()
        {
            var parsed = AnswerFormat.ParseWordLevel("えーと:人名;松友美佐紀:地名;");

            Assert.False(parsed.Ok);
            Assert.Contains("'えーと' is not a 'label;word' pair", parsed.Error);
            Assert.Equal([new WordPair("人名", "松友美佐紀")], parsed.Pairs);
        }

        [Fact]
        public void Should_reject_labels_outside_a_known_set()
        {
            var parsed = AnswerFormat.ParseWordLevel("人名;松友美佐紀:謎;日本", new HashSet<string> { "人名", "地名" });

            Assert.False(parsed.Ok);
            Assert.Contains("謎", parsed.Error);
            Assert.Equal([new WordPair("人名", "松友美佐紀")], parsed.Pairs);
        }
    }

    public sealed class TheParseTextLevelMethod
    {
        [Theory]
        [InlineData("社会", "社会")]
        [InlineData(" 文芸 \n", "文芸")]
        [InlineData("学問:人名;湯川秀樹", "学問")]
        [InlineData(":技術;", "技術")]
        [InlineData("自然/NER/:地名;富士山", "自然")]
        [InlineData("社会。", "社会")]
        [InlineData("1", "文芸")]
        [InlineData("４", "自然")]
        public void Should_read_a_label_or_a_class_number(string answer, string expected)
        {
            var parsed = AnswerFormat.ParseTextLevel(answer, s_classes);

            Assert.True(parsed.Ok, parsed.Error);
            Assert.Equal(expected, parsed.Label);
        }

        [Fact]
        public void Should_match_ascii_labels_case_insensitively()
        {
            var parsed = AnswerFormat.ParseTextLevel("Positive.", ["positive", "neutral", "negative"]);

            Assert.Equal("positive", parsed.Label);
        }

        [Fact]
        public void Should_honour_a_one_based_class_number()
        {
            Assert.Equal("社会", AnswerFormat.ParseTextLevel("1", s_classes, numberBase: 1).Label);
        }

        [Theory]
        [InlineData("スポーツ", "not one of the labels")]
        [InlineData("9", "outside 0..4")]
        [InlineData("  ", "empty answer")]
        [InlineData(null, "empty answer")]
        public void Should_fail_without_throwing_on_unknown_or_empty_answers(string? answer, string reason)
        {
            var parsed = AnswerFormat.ParseTextLevel(answer, s_classes);

            Assert.False(parsed.Ok);
            Assert.Null(parsed.Label);
            Assert.Contains(reason, parsed.Error);
        }

        [Fact]
        public void Should_accept_any_label_when_no_label_set_is_given()
        {
            Assert.Equal("Literature", AnswerFormat.ParseTextLevel("Literature/NER/:Person;Kazan").Label);
        }
    }
}
