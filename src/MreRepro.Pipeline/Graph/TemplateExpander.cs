using System.Text.RegularExpressions;

namespace MreRepro.Pipeline.Graph;

/// <summary>DVC's foreach/matrix expansion and ${…} interpolation.</summary>
public static partial class TemplateExpander
{
    public static IEnumerable<StageInstance> Expand(StageTemplate template)
    {
        if (template.Foreach is { } items)
        {
            foreach (var item in items)
            {
                var vars = new Dictionary<string, string> { ["key"] = item.Key };
                if (item.Fields is null)
                {
                    vars["item"] = item.Key;
                }
                else
                {
                    foreach (var (field, value) in item.Fields)
                    {
                        vars[$"item.{field}"] = value;
                    }
                }
                yield return Instantiate(template, $"{template.Name}@{item.Key}", vars);
            }
        }
        else if (template.Matrix is { } axes)
        {
            foreach (var combination in Combinations(axes, 0))
            {
                var vars = combination.ToDictionary(kv => $"item.{kv.Key}", kv => kv.Value);
                yield return Instantiate(template, $"{template.Name}@{string.Join("-", combination.Select(kv => kv.Value))}", vars);
            }
        }
        else
        {
            yield return Instantiate(template, template.Name, new Dictionary<string, string>());
        }
    }

    private static IEnumerable<List<KeyValuePair<string, string>>> Combinations(
        IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> axes, int index)
    {
        if (index == axes.Count)
        {
            yield return new List<KeyValuePair<string, string>>();
            yield break;
        }
        foreach (var value in axes[index].Value)
        {
            foreach (var rest in Combinations(axes, index + 1))
            {
                rest.Insert(0, new(axes[index].Key, value));
                yield return rest;
            }
        }
    }

    private static StageInstance Instantiate(StageTemplate t, string name, Dictionary<string, string> vars)
    {
        string Fill(string s) => Interpolation().Replace(s, m => vars.TryGetValue(m.Groups[1].Value, out var v)
            ? v
            : throw new PipelineException($"dvc.yaml stage {t.Name}: unknown variable ${{{m.Groups[1].Value}}} in '{s}'."));
        return new StageInstance(
            name, t.Name, Fill(t.Cmd),
            t.Deps.Select(Fill).ToList(),
            t.Params.Select(Fill).ToList(),
            t.Outs.Select(o => o with { Path = Fill(o.Path) }).ToList(),
            t.Desc is null ? null : Fill(t.Desc),
            vars);
    }

    [GeneratedRegex(@"\$\{\s*([A-Za-z0-9_.]+)\s*\}")]
    private static partial Regex Interpolation();
}
