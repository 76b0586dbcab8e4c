using MreRepro.Reporting.Formatting;
using MreRepro.Reporting.Model;
using MreRepro.Reporting.Reading;
using MreRepro.Reporting.Reference;

namespace MreRepro.Reporting.Rendering;

/// <summary>Turns the report model and the paper reference into the all-string view the templates render.</summary>
internal sealed class ReportViewBuilder(PaperReference paper)
{
    private const string PercentNote = "Scores in %, two decimals, rounded half away from zero.";

    /// <summary>How many label words per class the report lists.</summary>
    public const int LabelWordsShown = 10;

    public ReportView Build(ReportModel model, Func<FlowFigureModel, FigureLinks> links, Func<DoseResponse, FigureLinks>? doseLinks = null)
    {
        var table2 = Table2(model.Table2);
        var table3 = Table3(model.Table3);
        var figures = model.Figures.Select(f => Figure(f, links(f), model)).ToList();
        return new ReportView(
            model.Title,
            model.GeneratedOn ?? ReportFormat.Missing,
            paper.Citation,
            paper.Values.Count > 0 && paper.Values.All(v => v.Value is null)
                ? "The paper's table values were not available offline; paper columns show n/a."
                : "Paper values from reports/paper-reference.yaml; each entry names its table and row.",
            Table1(model.Table1),
            table2,
            table3,
            Table4(model.Table4),
            figures,
            Run(model.Run),
            model.LabelWords.Select(w => new LabelWordsView(w.Dataset, w.Class, ReportFormat.Count(w.Words.Count),
                w.Words.Count == 0 ? ReportFormat.Missing : string.Join("、", w.Words.Take(LabelWordsShown)))).ToList(),
            model.DoseResponse is { } dose && doseLinks is not null ? DoseResponseFigureView(dose, doseLinks(dose)) : null,
            Malformed(model.Malformed));
    }

    /// <summary>Malformed answers per dataset and condition (all seeds together), with a reading of the totals.</summary>
    public static MalformedTableView Malformed(IReadOnlyList<MalformedRow> rows)
    {
        var conditions = rows.Select(r => r.Condition).Distinct().ToList();
        var views = rows.GroupBy(r => r.Dataset).Select(g => new MalformedRowView(g.Key, conditions.Select(c =>
            g.FirstOrDefault(r => r.Condition == c) is { } r ? $"{ReportFormat.Count(r.Malformed)} of {ReportFormat.Count(r.Answers)} ({ReportFormat.Share(r.Malformed, r.Answers)})" : ReportFormat.Missing).ToList())).ToList();
        var reading = conditions.Select(c =>
        {
            var of = rows.Where(r => r.Condition == c).ToList();
            var malformed = of.Sum(r => r.Malformed);
            var answers = of.Sum(r => r.Answers);
            return $"{c}: {ReportFormat.Count(malformed)} of {ReportFormat.Count(answers)} answers malformed ({ReportFormat.Share(malformed, answers)}) in {NumberWords.Of(of.Count(r => r.Malformed > 0))} of {NumberWords.Of(of.Count)} datasets.";
        }).ToList();
        return new MalformedTableView(conditions, views, reading);
    }

    private static DoseResponseView DoseResponseFigureView(DoseResponse dose, FigureLinks links) =>
        new(dose.Title, links.PngLink, links.SvgLink, links.PngDataUri, DoseResponseReading.Describe(dose));

    public DatasetTableView Table1(IReadOnlyList<DatasetRow> rows)
    {
        var views = rows.Select(r =>
        {
            var total = r.TextLabels.Sum(l => l.Count);
            var labels = r.TextLabels.Count == 0
                ? ReportFormat.Missing
                : string.Join("; ", r.TextLabels.Select(l => $"{l.Label} {ReportFormat.Count(l.Count)} ({ReportFormat.Share(l.Count, total)})"));
            return new DatasetRowView(
                r.Dataset,
                ReportFormat.Count(r.TrainSize),
                ReportFormat.Count(r.TestSize),
                PaperCount(r.PaperDataset, "train_size"),
                PaperCount(r.PaperDataset, "test_size"),
                labels);
        }).ToList();
        return new DatasetTableView(
            "Table 1: datasets",
            "Sizes of our train and test splits, the paper's sizes, and the text-level label distribution of our training split (count and share).",
            views);
    }

    public ComparisonTableView Table2(IReadOnlyList<WordLevelRow> rows)
    {
        var (without, with) = PaperSchema.Conditions[2];
        // The set-based F1 has no paper column: the paper does not say which of the two it reports; its values sit beside the headline.
        var views = rows.SelectMany(r => r.SetF1 is { } set
            ? new[] { Row(2, r.Dataset, r.PaperDataset, "F1", "f1", r.F1, without, with), Row(2, r.Dataset, null, "F1 (set)", "f1", set, without, with) }
            : [Row(2, r.Dataset, r.PaperDataset, "F1", "f1", r.F1, without, with)]).ToList();
        var reading = InformationReading.Describe(
            "adding the text-level label (Text+TLI) helped word-level extraction",
            rows.Select(r => Gain(r.Dataset, r.Group, r.F1)).ToList(),
            InformationReading.PaperCount(PaperPairs(2, "f1"), paper.FindClaim(2, "f1")));
        return new ComparisonTableView(
            "table2",
            "Table 2: word-level F1, Text only vs Text+TLI",
            Caption(rows.Select(r => r.F1), rows.Any(r => r.SetF1 is not null)
                ? "Word-level micro-F1 over exact (label, word) pairs pooled over the test set. F1, the headline, counts each sample's pairs as multisets (a pair listed twice must be found twice, and a repeated prediction counts against precision): it is what evaluate writes to metrics.json and what spec C5 prescribes. F1 (set) is the MRE literature's set-based exact match (each distinct pair once per sample), shown for comparison; the paper does not say which it used, so its values sit beside the headline. Answers are parsed strictly; a malformed answer counts as no prediction (see Malformed answers)."
                : "Word-level micro-F1 over exact (type, span) pairs."),
            "Text only",
            "Text+TLI",
            IntervalLabel(rows.Select(r => r.F1)),
            views,
            reading)
        {
            Evidence = TextEvidenceReading.Rows(rows),
            EvidenceReading = TextEvidenceReading.Describe(rows),
        }.WithContrasts("word-level F1", rows.Select(r => (r.Dataset, r.VersusControl)));
    }

    public ComparisonTableView Table3(IReadOnlyList<TextLevelRow> rows)
    {
        var (without, with) = PaperSchema.Conditions[3];
        var views = rows.SelectMany(r => new[]
        {
            Row(3, r.Dataset, r.PaperDataset, "macro-F1", "macro_f1", r.MacroF1, without, with),
            Row(3, r.Dataset, r.PaperDataset, "accuracy", "accuracy", r.Accuracy, without, with),
        }).ToList();
        var reading = InformationReading.Describe(
            "adding word-level information (Text+WLI) raised text-level macro-F1",
            rows.Select(r => Gain(r.Dataset, r.Group, r.MacroF1)).ToList(),
            InformationReading.PaperCount(PaperPairs(3, "macro_f1"), paper.FindClaim(3, "macro_f1")));
        return new ComparisonTableView(
            "table3",
            "Table 3: text-level macro-F1 and accuracy, Text only vs Text+WLI",
            Caption(rows.SelectMany(r => new[] { r.MacroF1, r.Accuracy }), "Each dataset has two rows: macro-F1 over text-level classes, then accuracy."),
            "Text only",
            "Text+WLI",
            IntervalLabel(rows.SelectMany(r => new[] { r.MacroF1, r.Accuracy })),
            views,
            reading).WithContrasts("text-level macro-F1", rows.Select(r => (r.Dataset, r.VersusControl)));
    }

    public ComparisonTableView Table4(IReadOnlyList<FewShotRow> rows)
    {
        var (without, with) = PaperSchema.Conditions[4];
        var views = rows.SelectMany(r => new[]
        {
            Row(4, r.Dataset, r.PaperDataset, "macro-F1", "macro_f1", r.MacroF1, without, with),
            Row(4, r.Dataset, r.PaperDataset, "accuracy", "accuracy", r.Accuracy, without, with),
        }).ToList();
        var reading = InformationReading.Describe(
            "the knowledgeable verbalizer (KV) raised few-shot macro-F1",
            rows.Select(r => Gain(r.Dataset, r.Group, r.MacroF1)).ToList(),
            InformationReading.PaperCount(PaperPairs(4, "macro_f1"), paper.FindClaim(4, "macro_f1")));
        return new ComparisonTableView(
            "table4",
            "Table 4: few-shot T5, W/O KV vs KV (macro-F1 and accuracy)",
            Caption(rows.SelectMany(r => new[] { r.MacroF1, r.Accuracy }), "Each dataset has two rows: macro-F1, then accuracy."),
            "W/O KV",
            "KV",
            IntervalLabel(rows.SelectMany(r => new[] { r.MacroF1, r.Accuracy })),
            views,
            reading).WithContrasts("few-shot macro-F1", rows.Select(r => (r.Dataset, r.VersusControl)));
    }

    public RunView Run(RunFacts run)
    {
        var facts = new List<FactView>
        {
            new("Git commit", run.GitCommit ?? ReportFormat.Missing),
            new("Profile", run.Profile ?? ReportFormat.Missing),
            new("Data files", run.DataFiles ?? ReportFormat.Missing),
            new("Hardware", run.Hardware ?? ReportFormat.Missing),
            new("Seeds", run.Seeds.Count == 0 ? ReportFormat.Missing : string.Join(", ", run.Seeds.Select(s => ReportFormat.Value(s)))),
        };
        var stages = run.Stages
            .Select(s => new StageView(s.Name, s.FromCache ? "cached" : ReportFormat.Duration(s.Seconds), s.FromCache ? "cache" : "run"))
            .ToList();
        var ran = run.Stages.Where(s => !s.FromCache).ToList();
        var total = ran.Count > 0 && ran.All(s => s.Seconds is not null)
            ? ReportFormat.Duration(ran.Sum(s => s.Seconds!.Value))
            : ReportFormat.Missing;
        return new RunView(facts, Pairs(run.Parameters), Pairs(run.ModelConfiguration), stages, total);
    }

    private FigureView Figure(FlowFigureModel figure, FigureLinks links, ReportModel model)
    {
        var reading = new List<string>(FlowReading.Describe(figure));
        if (figure.Id == "figure4")
        {
            reading.AddRange(Table2(model.Table2).Reading);
        }
        else if (figure.Id == "figure5")
        {
            reading.AddRange(Table3(model.Table3).Reading);
        }

        return new FigureView(figure.Id, figure.Title, links.PngLink, links.SvgLink, links.PngDataUri, reading, FlowReading.Rows(figure));
    }

    private ComparisonRowView Row(int table, string dataset, string? paperDataset, string metricLabel, string metric, MetricPair pair, string without, string with)
    {
        var paperWithout = paper.Get(table, paperDataset, without, metric);
        var paperWith = paper.Get(table, paperDataset, with, metric);
        var gain = pair.With.Mean - pair.Without.Mean;
        var interval = pair.DifferenceInterval is { } ci ? ReportFormat.Interval(ci.Lower, ci.Upper) : ReportFormat.Missing;
        var paperGain = paperDataset is null ? ReportFormat.Missing : ReportFormat.SignedPercent(paperWith - paperWithout, ReportFormat.NotAvailable);
        return new ComparisonRowView(dataset, metricLabel, Cell(pair.Without, paperWithout, paperDataset), Cell(pair.With, paperWith, paperDataset), ReportFormat.SignedPercent(gain), interval, paperGain);
    }

    private static CellView Cell(Score ours, double? paperValue, string? paperDataset)
    {
        var oursText = ReportFormat.MeanSpread(ours.Mean, ours.Spread);
        if (paperDataset is null)
        {
            return new CellView(oursText, ReportFormat.Missing, ReportFormat.Missing, oursText, HasPaper: false);
        }

        var paperText = ReportFormat.Percent(paperValue, ReportFormat.NotAvailable);
        var diff = ours.Mean is null || paperValue is null ? ReportFormat.Missing : ReportFormat.SignedPercent(ours.Mean - paperValue);
        var text = paperValue is null ? $"{oursText} (paper n/a)" : $"{oursText} (paper {paperText}; Δ {diff})";
        return new CellView(oursText, paperText, diff, text, HasPaper: true);
    }

    private static GainComparison Gain(string dataset, string? group, MetricPair pair) =>
        new(dataset, group, pair.Without.Mean, pair.With.Mean, pair.DifferenceInterval?.Lower, pair.DifferenceInterval?.Upper);

    // The paper's own count is a fact about the paper: taken over all of its datasets, whichever ones this run has.
    private List<(double? Without, double? With)> PaperPairs(int table, string metric)
    {
        var (without, with) = PaperSchema.Conditions[table];
        return paper.Datasets
            .Select(d => (paper.Get(table, d, without, metric), paper.Get(table, d, with, metric)))
            .ToList();
    }

    private string PaperCount(string? dataset, string metric)
    {
        if (dataset is null)
        {
            return ReportFormat.Missing;
        }

        var value = paper.Get(1, dataset, PaperSchema.Split, metric);
        return value is null ? ReportFormat.NotAvailable : ReportFormat.Count((int)value.Value);
    }

    private static string Caption(IEnumerable<MetricPair> pairs, string metricNote)
    {
        var list = pairs.ToList();
        var seeds = list.SelectMany(p => new[] { p.Without.Seeds, p.With.Seeds }).DefaultIfEmpty(0).Max();
        var spread = seeds > 1 ? $" Ours: mean ± sample standard deviation over {NumberWords.Of(seeds)} seeds." : " Ours: one run.";
        var interval = list.Any(p => p.DifferenceInterval is not null)
            ? seeds > 1
                ? " The CI of the gain is the mean ± Student's t × √(seed variance / seeds + test-record variance): the seed variance is that of the per-seed gains (t with seeds − 1 degrees of freedom, Welch–Satterthwaite), the test-record variance a bootstrap that draws the test records once for all seeds, with and without scored on the same records (README, \"Intervals over seeds and test records\")."
                : " The CI of the gain is the gain ± the normal quantile × its bootstrap standard error over test records, with and without scored on the same records."
            : "";
        return $"{metricNote} {PercentNote}{spread} Δ = ours − paper in percentage points. Gain = with − without (mean over seeds).{interval}";
    }

    private static string IntervalLabel(IEnumerable<MetricPair> pairs)
    {
        var level = pairs.Select(p => p.DifferenceInterval?.Level).FirstOrDefault(l => l is not null);
        return level is { } l ? $"{ReportFormat.Level(l)} CI of gain" : "CI of gain";
    }

    private static List<FactView> Pairs(IReadOnlyDictionary<string, object?> values) =>
        values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new FactView(p.Key, ReportFormat.Value(p.Value))).ToList();
}

/// <summary>How a figure is reached from the report: relative links for Markdown, a data: URI for HTML.</summary>
internal sealed record FigureLinks(string PngLink, string SvgLink, string PngDataUri);
