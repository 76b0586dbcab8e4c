using MreRepro.Pipeline.Graph;

namespace MreRepro.Pipeline.Tests.Graph;

/// <summary>foreach/matrix expansion, edges, order, cycles, and the dvc.yaml round trip.</summary>
public sealed class GraphTests
{
    private static IReadOnlyList<StageTemplate> Templates() =>
    [
        new StageTemplate("split", "mre split --dataset ${key} --file ${item.file}", ["${item.file}"], ["default.split"],
            [new OutputSpec("stages/split/${key}")])
        {
            Foreach = [new ForeachItem("SCNM", new Dictionary<string, string> { ["file"] = "data/SCNM.jsonl" }),
                       new ForeachItem("TCREE", new Dictionary<string, string> { ["file"] = "data/TCREE.jsonl" })],
        },
        new StageTemplate("finetune", "mre finetune --dataset ${item.dataset} --condition ${item.condition}",
            ["stages/split/${item.dataset}"], ["default.finetune"],
            [new OutputSpec("stages/finetune/${item.dataset}-${item.condition}"),
             new OutputSpec("stages/metrics/${item.dataset}-${item.condition}.json", OutputKind.Metric)])
        {
            Matrix = [new("dataset", ["SCNM", "TCREE"]), new("condition", ["wl", "tli"])],
        },
        new StageTemplate("report", "mre report", ["stages/finetune", "stages/metrics/SCNM-tli.json"], [], [new OutputSpec("reports/report.md")]),
    ];

    [Fact]
    public void Should_name_instances_like_dvc_foreach_and_matrix()
    {
        var graph = new PipelineGraph(Templates());
        Assert.Equal(
            ["split@SCNM", "split@TCREE", "finetune@SCNM-wl", "finetune@SCNM-tli", "finetune@TCREE-wl", "finetune@TCREE-tli", "report"],
            graph.Instances.Select(i => i.Name));
        Assert.Equal("mre finetune --dataset TCREE --condition tli", graph["finetune@TCREE-tli"].Cmd);
        Assert.Equal(["data/TCREE.jsonl"], graph["split@TCREE"].Deps);
    }

    [Fact]
    public void Should_list_the_inputs_no_stage_produces_with_the_instances_that_need_them()
    {
        var graph = new PipelineGraph(Templates());

        var inputs = graph.ExternalInputs();

        // Deps inside or around a stage's output ("stages/finetune" holds the finetune outputs) are not inputs.
        Assert.Equal(["data/SCNM.jsonl", "data/TCREE.jsonl"], inputs.Select(i => i.Path));
        Assert.Equal(["split@TCREE"], inputs[1].NeededBy);
    }

    [Fact]
    public void Should_derive_edges_from_deps_that_match_outputs()
    {
        var graph = new PipelineGraph(Templates());
        Assert.Equal(["split@SCNM"], graph.Upstream("finetune@SCNM-tli"));
        // report depends on the folder stages/finetune, which contains every finetune output (DVC links those too).
        Assert.Equal(["finetune@SCNM-wl", "finetune@SCNM-tli", "finetune@TCREE-wl", "finetune@TCREE-tli"], graph.Upstream("report"));
        Assert.Equal(["finetune@SCNM-tli", "report"], graph.Select("finetune@SCNM-tli", withUpstream: false, withDownstream: true).Select(i => i.Name));
        Assert.Equal(["split@SCNM", "finetune@SCNM-tli"], graph.Select("finetune@SCNM-tli", withUpstream: true).Select(i => i.Name));
        Assert.Equal(4, graph.Select("finetune", withUpstream: false).Count);
        Assert.Equal(["finetune@TCREE-wl", "finetune@TCREE-tli"], graph.Downstream("split@TCREE"));
    }

    [Fact]
    public void Should_report_a_cycle_with_its_path()
    {
        var error = Assert.Throws<PipelineException>(() => new PipelineGraph(
        [
            new StageTemplate("a", "x", ["b.txt"], [], [new OutputSpec("a.txt")]),
            new StageTemplate("b", "y", ["a.txt"], [], [new OutputSpec("b.txt")]),
        ]));
        Assert.Contains("cycle", error.Message);
    }

    [Fact]
    public void Should_round_trip_dvc_yaml()
    {
        using var ws = new TempWorkspace();
        var text = DvcYaml.Write(Templates());
        var path = ws.Write("dvc.yaml", text);
        Assert.Contains("    foreach:\n      SCNM:\n        file: data/SCNM.jsonl", "  " + text.Replace("\nstages:\n", "\n"));
        var back = new PipelineGraph(DvcYaml.Read(path));
        var original = new PipelineGraph(Templates());
        Assert.Equal(original.Instances, back.Instances, new InstanceComparer());
        Assert.Equal(text, DvcYaml.Write(DvcYaml.Read(path)));
    }

    [Fact]
    public void Should_read_back_numeric_matrix_values_as_the_instance_names_they_were_written_with()
    {
        // A seed axis: written quoted ('42', so the value stays text), read back as 42 as DVC interpolates it.
        using var ws = new TempWorkspace();
        StageTemplate[] templates =
        [
            new StageTemplate("finetune", "mre finetune ${item.dataset} --seed ${item.seed}", [], [], [new OutputSpec("stages/ft/${item.dataset}/seed-${item.seed}")])
            {
                Matrix = [new("dataset", ["SCNM"]), new("seed", ["42", "43"])],
            },
        ];
        var path = ws.Write("dvc.yaml", DvcYaml.Write(templates));

        var back = new PipelineGraph(DvcYaml.Read(path));

        Assert.Equal(["finetune@SCNM-42", "finetune@SCNM-43"], back.Instances.Select(i => i.Name));
        Assert.Equal("mre finetune SCNM --seed 43", back["finetune@SCNM-43"].Cmd);
        Assert.Equal(new PipelineGraph(templates).Instances, back.Instances, new InstanceComparer());
    }

    [Fact]
    public void Should_write_dvc_yaml_in_dvc_block_form()
    {
        var text = DvcYaml.Write(
        [
            new StageTemplate("split", "mre split ${item}", ["data/${item}.jsonl"], ["split.seed"], [new OutputSpec("stages/split/${item}")])
            {
                Foreach = [new ForeachItem("SCNM"), new ForeachItem("TCREE")],
            },
            new StageTemplate("finetune", "mre finetune ${item.dataset} ${item.condition}", ["stages/split/${item.dataset}"], ["finetune"],
                [new OutputSpec("stages/ft/${item.dataset}-${item.condition}"),
                 new OutputSpec("stages/ft/${item.dataset}-${item.condition}.json", OutputKind.Metric, Cache: false)], "Fine-tune one model")
            {
                Matrix = [new("dataset", ["SCNM"]), new("condition", ["wl", "tli"])],
            },
        ]);
        Assert.Equal("""
            stages:
              split:
                foreach:
                - SCNM
                - TCREE
                do:
                  cmd: mre split ${item}
                  deps:
                  - data/${item}.jsonl
                  params:
                  - split.seed
                  outs:
                  - stages/split/${item}
              finetune:
                matrix:
                  dataset:
                  - SCNM
                  condition:
                  - wl
                  - tli
                cmd: mre finetune ${item.dataset} ${item.condition}
                desc: Fine-tune one model
                deps:
                - stages/split/${item.dataset}
                params:
                - finetune
                outs:
                - stages/ft/${item.dataset}-${item.condition}
                metrics:
                - stages/ft/${item.dataset}-${item.condition}.json:
                    cache: false

            """.Replace("\r\n", "\n"), text);
    }

    private sealed class InstanceComparer : IEqualityComparer<StageInstance>
    {
        public bool Equals(StageInstance? x, StageInstance? y) =>
            x!.Name == y!.Name && x.Cmd == y.Cmd && x.Deps.SequenceEqual(y.Deps) && x.Params.SequenceEqual(y.Params) && x.Outs.SequenceEqual(y.Outs);

        public int GetHashCode(StageInstance obj) => obj.Name.GetHashCode();
    }
}
