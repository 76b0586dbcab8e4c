using MreRepro.Domain.Records;

namespace MreRepro.Domain.Corpus;

/// <summary>
/// Templates and lexicons of one generated dataset: the labels, which word-level labels go with each text label,
/// the class-independent words that can carry each word-level label (<see cref="Lexicon"/>), the words of each text
/// class's own topic for each of its associated labels (<see cref="Topical"/>: real corpora have frequent words of
/// their own per class, which KPT's label words are drawn from; no topical word belongs to two classes), an
/// ambiguous pool any label may carry (so a word alone does not give its label away), clause templates with and
/// without a cue to the word's label, and sentences with and without a cue to the text's label.
/// </summary>
internal sealed record CorpusDesign(
    IReadOnlyList<string> TextLabels,
    IReadOnlyList<string> WordLabels,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Associated,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Lexicon,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Topical,
    IReadOnlyList<string> SharedWords,
    IReadOnlyDictionary<string, IReadOnlyList<string>> CueClauses,
    IReadOnlyList<string> PlainClauses,
    IReadOnlyDictionary<string, IReadOnlyList<string>> TextCues,
    IReadOnlyList<string> PlainEndings,
    double NoPairShare)
{
    public static CorpusDesign For(DatasetKind kind) => kind switch
    {
        DatasetKind.Scnm => Scnm,
        DatasetKind.ScposRw => Sentiment(Nouns.Concat(RelatedWords).ToList(), Join(TopicalNouns, TopicalRelated), NounClauses, NounPlain),
        DatasetKind.ScposN => Sentiment(Nouns, TopicalNouns, NounClauses, NounPlain),
        DatasetKind.ScposAdj => Sentiment(Adjectives, TopicalAdjectives, AdjectiveClauses, AdjectivePlain),
        DatasetKind.ScposNAdj => Sentiment(Nouns.Concat(Adjectives).ToList(), Join(TopicalNouns, TopicalAdjectives), MixedClauses, AdjectivePlain),
        DatasetKind.Tcree => Tcree,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static readonly string[] Persons = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山口"];
    private static readonly string[] Companies = ["星野電機", "青空商事", "みどり製薬", "北斗自動車", "若葉銀行", "光洋通信", "大地建設", "朝日食品"];
    private static readonly string[] Places = ["札幌", "仙台", "横浜", "名古屋", "京都", "神戸", "広島", "福岡", "長崎", "金沢"];
    private static readonly string[] Shared = ["大和", "富士", "白川", "朝霧", "桜井", "飛鳥", "松島", "高千穂", "浅間", "春日"];

    private static readonly CorpusDesign Scnm = new(
        ["社会", "文芸", "学問", "技術", "自然"],
        ["人名", "法人名", "政治的組織名", "その他の組織名", "地名", "施設名", "製品名", "イベント名"],
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["社会"] = ["政治的組織名", "人名"],
            ["文芸"] = ["人名", "イベント名"],
            ["学問"] = ["その他の組織名", "施設名"],
            ["技術"] = ["法人名", "製品名"],
            ["自然"] = ["地名", "施設名"],
        },
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["人名"] = Persons,
            ["法人名"] = Companies,
            ["政治的組織名"] = ["民政党", "未来党", "国民連合", "市議会", "県議会", "改革会議"],
            ["その他の組織名"] = ["数理学会", "言語学会", "史学会", "物理学会", "考古学会", "研究会"],
            ["地名"] = Places,
            ["施設名"] = ["中央図書館", "市民会館", "県立博物館", "北公園", "国立劇場", "科学館"],
            ["製品名"] = ["ミライフォン", "スカイノート", "ハヤテ号", "ルミナ", "エコライト", "クラウドS"],
            ["イベント名"] = ["春の文学祭", "冬季大会", "国際映画祭", "夏祭り", "万国博覧会", "詩歌大会"],
        },
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
        {
            ["社会"] = new Dictionary<string, IReadOnlyList<string>>
            {
                ["政治的組織名"] = Compose(["青葉", "新風", "民和", "公正"], ["党", "連合", "同盟"]),
                ["人名"] = Compose(["大野", "石田", "岡本", "村井"], ["一郎", "誠", "恵子"]),
            },
            ["文芸"] = new Dictionary<string, IReadOnlyList<string>>
            {
                ["人名"] = Compose(["北村", "水野", "桜田", "白石"], ["春樹", "綾子", "修"]),
                ["イベント名"] = Compose(["紅葉", "月影", "詩音", "朗読"], ["文学賞", "短歌祭", "書評会"]),
            },
            ["学問"] = new Dictionary<string, IReadOnlyList<string>>
            {
                ["その他の組織名"] = Compose(["数理", "言語", "考古", "天文"], ["学協会", "研究機構", "学術会議"]),
                ["施設名"] = Compose(["理学", "文理", "工学", "史料"], ["研究所", "資料館", "講堂"]),
            },
            ["技術"] = new Dictionary<string, IReadOnlyList<string>>
            {
                ["法人名"] = Compose(["極星", "蒼電", "銀河", "雷光"], ["電子", "精工", "テック"]),
                ["製品名"] = Compose(["ゼファー", "オリオン", "カグラ", "ツバサ"], ["フォン", "ブック", "カメラ"]),
            },
            ["自然"] = new Dictionary<string, IReadOnlyList<string>>
            {
                ["地名"] = Compose(["白樺", "霧ヶ", "碧水", "雪嶺"], ["山", "湖", "渓谷"]),
                ["施設名"] = Compose(["森林", "高原", "野鳥", "湿原"], ["公園", "植物園", "観察所"]),
            },
        },
        Shared,
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["人名"] = ["{w}氏が語った", "{w}さんが登場した"],
            ["法人名"] = ["{w}社が発表した", "{w}の株価が動いた"],
            ["政治的組織名"] = ["{w}が法案を出した", "{w}が選挙に臨んだ"],
            ["その他の組織名"] = ["{w}が会合を開いた", "{w}の会員が集まった"],
            ["地名"] = ["{w}の街を訪れた", "{w}で雨が降った"],
            ["施設名"] = ["{w}で展示があった", "{w}の建物が完成した"],
            ["製品名"] = ["{w}が発売された", "{w}の新型が出た"],
            ["イベント名"] = ["{w}が開催された", "{w}に参加した"],
        },
        ["{w}が話題になった", "{w}の話を聞いた", "{w}について書かれた"],
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["社会"] = ["世間の関心を集めた。", "社会面で報じられた。"],
            ["文芸"] = ["作品の評価が高い。", "文学の話題である。"],
            ["学問"] = ["論文にまとめられた。", "学術的な成果だ。"],
            ["技術"] = ["技術の進歩を示す。", "開発の話題である。"],
            ["自然"] = ["自然の豊かさを示す。", "山や川の話題だ。"],
        },
        ["と伝えられた。", "という。", "ことがある。"],
        0.1);

    private static readonly string[] Nouns = ["価格", "画面", "電池", "店員", "料理", "部屋", "音質", "配送", "デザイン", "操作", "座席", "景色", "接客", "味", "包装", "説明"];
    private static readonly string[] Adjectives = ["大きい", "小さい", "速い", "遅い", "静かな", "明るい", "重い", "軽い", "新しい", "古い", "安い", "高い", "長い", "短い", "柔らかい", "硬い"];
    private static readonly string[] RelatedWords = ["対応", "印象", "雰囲気", "使い心地", "品質", "値段"];

    private static readonly Dictionary<string, IReadOnlyList<string>> NounClauses = new()
    {
        ["positive"] = ["{w}が最高だった", "{w}に満足した"],
        ["neutral"] = ["{w}は普通だった", "{w}は特に問題ない"],
        ["negative"] = ["{w}にがっかりした", "{w}が最悪だった"],
    };

    private static readonly Dictionary<string, IReadOnlyList<string>> AdjectiveClauses = new()
    {
        ["positive"] = ["{w}ところが嬉しい", "{w}点が素晴らしい"],
        ["neutral"] = ["{w}ところは普通だ", "{w}点は気にならない"],
        ["negative"] = ["{w}ところが残念だ", "{w}点が不満だ"],
    };

    private static readonly Dictionary<string, IReadOnlyList<string>> MixedClauses = new()
    {
        ["positive"] = ["{w}点が良かった", "{w}点が嬉しい"],
        ["neutral"] = ["{w}点は普通だった", "{w}点は気にならない"],
        ["negative"] = ["{w}点が残念だった", "{w}点が不満だ"],
    };

    private static readonly Dictionary<string, IReadOnlyList<string>> TopicalNouns = new()
    {
        ["positive"] = ["コスパ", "品揃え", "心遣い", "眺望", "清潔感", "手触り", "香り", "盛り付け", "笑顔", "仕上がり", "発色", "着心地", "鮮度", "ボリューム", "気配り", "満腹感"],
        ["neutral"] = ["色合い", "重量", "形状", "付属品", "型番", "容量", "寸法", "素材", "梱包材", "保証書", "仕様", "外箱", "取扱店", "型式", "収納袋", "注文番号"],
        ["negative"] = ["故障", "返品", "傷", "汚れ", "異音", "不具合", "待ち時間", "臭い", "遅延", "欠品", "破損", "雑音", "水漏れ", "ほこり", "錆", "割高感"],
    };

    private static readonly Dictionary<string, IReadOnlyList<string>> TopicalAdjectives = new()
    {
        ["positive"] = ["美しい", "心地よい", "鮮やかな", "丁寧な", "快適な", "爽やかな", "頼もしい", "滑らかな", "上品な", "便利な", "優しい", "楽しい", "温かい", "清らかな", "見事な", "素敵な"],
        ["neutral"] = ["平凡な", "標準的な", "一般的な", "無難な", "素朴な", "簡素な", "四角い", "丸い", "薄い", "細い", "淡い", "平らな", "浅い", "低い", "縦長な", "小ぶりな"],
        ["negative"] = ["汚い", "不便な", "粗い", "乱暴な", "雑な", "狭い", "うるさい", "危ない", "不快な", "面倒な", "暗い", "冷たい", "脆い", "不衛生な", "ぬるい", "窮屈な"],
    };

    private static readonly Dictionary<string, IReadOnlyList<string>> TopicalRelated = new()
    {
        ["positive"] = ["好感触", "安心感", "満足感", "期待以上"],
        ["neutral"] = ["使用感", "相場", "標準品", "平均点"],
        ["negative"] = ["不信感", "違和感", "期待外れ", "後悔"],
    };

    private static readonly string[] NounPlain = ["{w}について書く", "{w}を確かめた", "{w}を見た"];
    private static readonly string[] AdjectivePlain = ["{w}点について書く", "{w}ところを確かめた", "{w}点を見た"];

    // A review's own topic words carry its polarity as their word-level label (Associated: the same polarity).
    private static CorpusDesign Sentiment(IReadOnlyList<string> words, IReadOnlyDictionary<string, IReadOnlyList<string>> topical,
        IReadOnlyDictionary<string, IReadOnlyList<string>> cues, IReadOnlyList<string> plain) => new(
        ["positive", "neutral", "negative"],
        ["positive", "neutral", "negative"],
        new Dictionary<string, IReadOnlyList<string>> { ["positive"] = ["positive"], ["neutral"] = ["neutral"], ["negative"] = ["negative"] },
        new Dictionary<string, IReadOnlyList<string>> { ["positive"] = words, ["neutral"] = words, ["negative"] = words },
        topical.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, IReadOnlyList<string>>)new Dictionary<string, IReadOnlyList<string>> { [kv.Key] = kv.Value }),
        words,
        cues,
        plain,
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["positive"] = ["全体として満足。", "また買いたい。"],
            ["neutral"] = ["全体として普通。", "特に感想はない。"],
            ["negative"] = ["全体として不満。", "二度と買わない。"],
        },
        ["以上。", "以上です。", "参考まで。"],
        0.0);

    private static readonly CorpusDesign Tcree = new(
        ["経済", "政治", "スポーツ", "科学"],
        ["買収", "提携", "就任", "選出", "優勝", "移籍", "発見", "受賞"],
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["経済"] = ["買収", "提携"],
            ["政治"] = ["就任", "選出"],
            ["スポーツ"] = ["優勝", "移籍"],
            ["科学"] = ["発見", "受賞"],
        },
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["買収"] = Companies, ["提携"] = Companies,
            ["就任"] = Persons, ["選出"] = Persons,
            ["優勝"] = Persons, ["移籍"] = Persons,
            ["発見"] = Persons, ["受賞"] = Persons,
        },
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
        {
            ["経済"] = new Dictionary<string, IReadOnlyList<string>>
            {
                ["買収"] = Compose(["東邦", "丸菱", "帝和", "扶桑"], ["商会", "産業", "ホールディングス"]),
                ["提携"] = Compose(["三栄", "昭光", "日進", "瑞穂"], ["商事", "物産", "工業"]),
            },
            ["政治"] = new Dictionary<string, IReadOnlyList<string>>
            {
                ["就任"] = Compose(["岸本", "森山", "久保田", "菅原"], ["議員", "知事", "市長"]),
                ["選出"] = Compose(["小野寺", "桐生", "宮内", "長谷部"], ["代議士", "議長", "委員長"]),
            },
            ["スポーツ"] = new Dictionary<string, IReadOnlyList<string>>
            {
                ["優勝"] = Compose(["早瀬", "天野", "風間", "藤堂"], ["選手", "投手", "監督"]),
                ["移籍"] = Compose(["氷室", "八代", "真田", "一条"], ["外野手", "捕手", "主将"]),
            },
            ["科学"] = new Dictionary<string, IReadOnlyList<string>>
            {
                ["発見"] = Compose(["榊原", "堀江", "篠原", "柏木"], ["博士", "教授", "研究員"]),
                ["受賞"] = Compose(["二階堂", "武藤", "東條", "白鳥"], ["准教授", "主任", "技師"]),
            },
        },
        Persons.Concat(Companies).ToList(),
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["買収"] = ["{w}を買収した", "{w}の買収が決まった"],
            ["提携"] = ["{w}と提携した", "{w}との提携を結んだ"],
            ["就任"] = ["{w}が大臣に就任した", "{w}の就任が決まった"],
            ["選出"] = ["{w}が議長に選ばれた", "{w}が代表に選出された"],
            ["優勝"] = ["{w}が大会で優勝した", "{w}が頂点に立った"],
            ["移籍"] = ["{w}が他球団へ移籍した", "{w}の移籍が発表された"],
            ["発見"] = ["{w}が新種を発見した", "{w}が新たな星を見つけた"],
            ["受賞"] = ["{w}が賞を受賞した", "{w}の受賞が決まった"],
        },
        ["{w}の名前が出た", "{w}が注目された", "{w}に動きがあった"],
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["経済"] = ["市場が反応した。", "業績に影響する。"],
            ["政治"] = ["国会で議論された。", "政局が動いた。"],
            ["スポーツ"] = ["観客が沸いた。", "試合後に語った。"],
            ["科学"] = ["学会で報告された。", "研究の成果である。"],
        },
        ["と報じられた。", "という。", "と発表された。"],
        0.0);

    /// <summary>Every stem followed by every suffix, stem by stem (e.g. 青葉党, 青葉連合, …).</summary>
    private static string[] Compose(string[] stems, string[] suffixes) => [.. stems.SelectMany(stem => suffixes.Select(suffix => stem + suffix))];

    private static Dictionary<string, IReadOnlyList<string>> Join(IReadOnlyDictionary<string, IReadOnlyList<string>> a, IReadOnlyDictionary<string, IReadOnlyList<string>> b) =>
        a.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[.. kv.Value, .. b[kv.Key]]);

    /// <summary>Every word the design can write (lexicons, topical words, the ambiguous pool), each once.</summary>
    public IReadOnlyList<string> AllWords =>
        Lexicon.Values.SelectMany(w => w)
            .Concat(Topical.Values.SelectMany(byLabel => byLabel.Values.SelectMany(w => w)))
            .Concat(SharedWords)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
