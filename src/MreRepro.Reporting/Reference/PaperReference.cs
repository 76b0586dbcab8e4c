using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MreRepro.Reporting.Reference;

/// <summary>The paper's reported numbers, read once from reports/paper-reference.yaml and checked against PaperSchema.</summary>
public sealed class PaperReference
{
    private static readonly string[] s_rootKeys = ["paper", "unit", "availability", "datasets", "claims", "values"];
    private static readonly string[] s_paperKeys = ["title", "authors", "arxiv"];
    private static readonly string[] s_valueKeys = ["table", "dataset", "condition", "metric", "value", "source", "note"];
    private static readonly string[] s_claimKeys = ["id", "table", "metric", "helped", "of", "source", "note"];

    private readonly Dictionary<(int, string, string, string), PaperValue> _values;

    private PaperReference(string citation, IReadOnlyList<string> datasets, IReadOnlyList<PaperValue> values, IReadOnlyList<PaperClaim> claims)
    {
        Citation = citation;
        Datasets = datasets;
        Values = values;
        Claims = claims;
        _values = values.ToDictionary(v => (v.Table, v.Dataset, v.Condition, v.Metric));
    }

    /// <summary>"Title (arXiv id)" as given under paper: in the file.</summary>
    public string Citation { get; }

    /// <summary>The paper's dataset names in table order.</summary>
    public IReadOnlyList<string> Datasets { get; }

    /// <summary>Every value in file order.</summary>
    public IReadOnlyList<PaperValue> Values { get; }

    /// <summary>Counts the paper states in prose.</summary>
    public IReadOnlyList<PaperClaim> Claims { get; }

    /// <summary>A reference with no values, for reports rendered without the paper file.</summary>
    public static PaperReference Empty { get; } = new("(no paper reference)", [], [], []);

    /// <summary>Reads and validates the file; throws PaperReferenceException naming file, line and column on any problem.</summary>
    public static PaperReference Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new PaperReferenceException($"{path}: paper reference file not found.");
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new PaperReferenceException($"{path}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet reports some unterminated flow collections this way, without a position.
            throw new PaperReferenceException($"{path}: invalid YAML: {e.Message}");
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new PaperReferenceException($"{path}: expected one YAML document whose top level is a mapping.");
        }

        return new Reader(path).Read(root);
    }

    /// <summary>The entry for a cell, or null when the file has none.</summary>
    public PaperValue? Find(int table, string dataset, string condition, string metric) =>
        _values.GetValueOrDefault((table, dataset, condition, metric));

    /// <summary>The value of a cell (fraction for percentages), or null when absent or not available.</summary>
    public double? Get(int table, string? dataset, string condition, string metric) =>
        dataset is null ? null : Find(table, dataset, condition, metric)?.Value;

    /// <summary>The claim about a table and metric, if the paper states one.</summary>
    public PaperClaim? FindClaim(int table, string metric) =>
        Claims.FirstOrDefault(c => c.Table == table && c.Metric == metric);

    private sealed class Reader(string path)
    {
        public PaperReference Read(YamlMappingNode root)
        {
            CheckKeys(root, s_rootKeys, "top level");
            var paper = Required<YamlMappingNode>(root, "paper");
            CheckKeys(paper, s_paperKeys, "paper");
            var title = Text(Required<YamlScalarNode>(paper, "title"), "paper.title");
            var arxiv = paper.Children.TryGetValue(new YamlScalarNode("arxiv"), out var idNode) && idNode is YamlScalarNode idScalar
                ? idScalar.Value
                : null;
            var unit = Required<YamlScalarNode>(root, "unit");
            if (unit.Value != "percent")
            {
                throw Error(unit, $"unit must be 'percent' (scores are written as printed in the paper), not '{unit.Value}'.");
            }

            var datasets = ReadDatasets(Required<YamlSequenceNode>(root, "datasets"));
            var values = ReadValues(Required<YamlSequenceNode>(root, "values"), datasets);
            var claims = root.Children.TryGetValue(new YamlScalarNode("claims"), out var claimsNode)
                ? ReadClaims(As<YamlSequenceNode>(claimsNode, "claims"))
                : [];
            var citation = arxiv is null ? title : $"{title} (arXiv {arxiv})";
            return new PaperReference(citation, datasets, values, claims);
        }

        private List<string> ReadDatasets(YamlSequenceNode node)
        {
            var names = new List<string>();
            foreach (var item in node.Children)
            {
                var name = Text(As<YamlScalarNode>(item, "datasets[]"), "datasets[]");
                if (names.Contains(name, StringComparer.Ordinal))
                {
                    throw Error(item, $"dataset '{name}' is listed twice.");
                }

                names.Add(name);
            }

            return names;
        }

        private List<PaperValue> ReadValues(YamlSequenceNode node, List<string> datasets)
        {
            var values = new List<PaperValue>();
            var seen = new HashSet<(int, string, string, string)>();
            for (var i = 0; i < node.Children.Count; i++)
            {
                var where = $"values[{i}]";
                var entry = As<YamlMappingNode>(node.Children[i], where);
                CheckKeys(entry, s_valueKeys, where);
                var tableNode = Required<YamlScalarNode>(entry, "table");
                var table = Integer(tableNode, $"{where}.table");
                if (!PaperSchema.Metrics.ContainsKey(table))
                {
                    throw Error(tableNode, $"{where}.table {table} is not one of 1, 2, 3, 4.");
                }

                var datasetNode = Required<YamlScalarNode>(entry, "dataset");
                var dataset = Text(datasetNode, $"{where}.dataset");
                if (!datasets.Contains(dataset, StringComparer.Ordinal))
                {
                    throw Error(datasetNode, $"{where}.dataset '{dataset}' is not in datasets: {string.Join(", ", datasets)}.");
                }

                var conditionNode = Required<YamlScalarNode>(entry, "condition");
                var condition = Text(conditionNode, $"{where}.condition");
                var conditions = PaperSchema.ConditionsOf(table);
                if (!conditions.Contains(condition, StringComparer.Ordinal))
                {
                    throw Error(conditionNode, $"{where}.condition '{condition}' is not one of {string.Join(", ", conditions)} for Table {table}.");
                }

                var metricNode = Required<YamlScalarNode>(entry, "metric");
                var metric = Text(metricNode, $"{where}.metric");
                var metrics = PaperSchema.Metrics[table];
                if (!metrics.Contains(metric, StringComparer.Ordinal))
                {
                    throw Error(metricNode, $"{where}.metric '{metric}' is not one of {string.Join(", ", metrics)} for Table {table}.");
                }

                var source = Text(Required<YamlScalarNode>(entry, "source"), $"{where}.source");
                string? note = entry.Children.TryGetValue(new YamlScalarNode("note"), out var noteNode)
                    ? Text(As<YamlScalarNode>(noteNode, $"{where}.note"), $"{where}.note")
                    : null;
                var valueNode = Required<YamlScalarNode>(entry, "value");
                var value = ReadValue(valueNode, metric, $"{where}.value");
                if (value is null && note is null)
                {
                    throw Error(valueNode, $"{where}.value is null; add a note saying why the paper's value is not available.");
                }

                if (!seen.Add((table, dataset, condition, metric)))
                {
                    throw Error(entry, $"{where} repeats Table {table}, {dataset}, {condition}, {metric}.");
                }

                values.Add(new PaperValue(table, dataset, condition, metric, value, source, note));
            }

            return values;
        }

        private List<PaperClaim> ReadClaims(YamlSequenceNode node)
        {
            var claims = new List<PaperClaim>();
            for (var i = 0; i < node.Children.Count; i++)
            {
                var where = $"claims[{i}]";
                var entry = As<YamlMappingNode>(node.Children[i], where);
                CheckKeys(entry, s_claimKeys, where);
                var id = Text(Required<YamlScalarNode>(entry, "id"), $"{where}.id");
                var table = Integer(Required<YamlScalarNode>(entry, "table"), $"{where}.table");
                var metricNode = Required<YamlScalarNode>(entry, "metric");
                var metric = Text(metricNode, $"{where}.metric");
                if (!PaperSchema.Metrics.TryGetValue(table, out var metrics) || !metrics.Contains(metric, StringComparer.Ordinal))
                {
                    throw Error(metricNode, $"{where}.metric '{metric}' is not a metric of Table {table}.");
                }

                var helpedNode = Required<YamlScalarNode>(entry, "helped");
                var helped = Integer(helpedNode, $"{where}.helped");
                var of = Integer(Required<YamlScalarNode>(entry, "of"), $"{where}.of");
                if (helped < 0 || helped > of)
                {
                    throw Error(helpedNode, $"{where}.helped {helped} must be between 0 and of ({of}).");
                }

                var source = Text(Required<YamlScalarNode>(entry, "source"), $"{where}.source");
                string? note = entry.Children.TryGetValue(new YamlScalarNode("note"), out var noteNode)
                    ? Text(As<YamlScalarNode>(noteNode, $"{where}.note"), $"{where}.note")
                    : null;
                claims.Add(new PaperClaim(id, table, metric, helped, of, source, note));
            }

            return claims;
        }

        private double? ReadValue(YamlScalarNode node, string metric, string where)
        {
            if (node.Style == YamlDotNet.Core.ScalarStyle.Plain && (node.Value is null or "" or "null" or "~"))
            {
                return null;
            }

            if (!double.TryParse(node.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            {
                throw Error(node, $"{where} '{node.Value}' is not a number or null.");
            }

            if (PaperSchema.IsCount(metric))
            {
                if (number < 0 || number != Math.Floor(number))
                {
                    throw Error(node, $"{where} {node.Value} must be a non-negative whole number for {metric}.");
                }

                return number;
            }

            if (number < 0 || number > 100)
            {
                throw Error(node, $"{where} {node.Value} must be a percentage between 0 and 100 for {metric}.");
            }

            return number / 100.0;
        }

        private void CheckKeys(YamlMappingNode node, string[] allowed, string where)
        {
            foreach (var key in node.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw Error(key, $"unknown key '{name}' in {where}; expected one of {string.Join(", ", allowed)}.");
                }
            }
        }

        private T Required<T>(YamlMappingNode node, string key)
            where T : YamlNode
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                throw Error(node, $"missing key '{key}'.");
            }

            return As<T>(child, key);
        }

        private T As<T>(YamlNode node, string where)
            where T : YamlNode
        {
            if (node is T typed)
            {
                return typed;
            }

            var expected = typeof(T) == typeof(YamlMappingNode) ? "a mapping" : typeof(T) == typeof(YamlSequenceNode) ? "a list" : "a single value";
            throw Error(node, $"{where} must be {expected}.");
        }

        private string Text(YamlScalarNode node, string where)
        {
            if (string.IsNullOrWhiteSpace(node.Value))
            {
                throw Error(node, $"{where} must not be empty.");
            }

            return node.Value;
        }

        private int Integer(YamlScalarNode node, string where)
        {
            if (!int.TryParse(node.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                throw Error(node, $"{where} '{node.Value}' is not a whole number.");
            }

            return number;
        }

        private PaperReferenceException Error(YamlNode node, string message) =>
            new($"{path}:{node.Start.Line}:{node.Start.Column}: {message}");
    }
}
