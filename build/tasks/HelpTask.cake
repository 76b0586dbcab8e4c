// Help: the options this script understands.

/// <summary>Prints the script's options.</summary>
public sealed class HelpTask : PipelineTask
{
    public override string Name => "Help";
    public override string Description => "Explain the options of ./build.sh.";

    public override void Run(PipelineContext context) => context.Cake.Information(@"
Usage: ./build.sh [--target=<task>] [options]

Targets
  Default                 every stage of the profile, ending with the report (the default)
  Test                    build and run the whole test suite
  Build                   build the mre CLI only
  <stage>                 all instances of one stage, e.g. --target=finetune
  <stage>@<key>           one instance, e.g. --target=finetune@SCNM-tli-42 (with its upstream stages)
  DvcYaml                 regenerate dvc.yaml from the pipeline definition
  Bench                   run `mre bench model` (TorchSharp vs PyTorch eager when python3-torch is present)
  Help                    this text

Options
  --profile=<name>        a section of params.yaml (default: default): smoke (the whole graph small, about 2 minutes
                          on 2 cores), default (six seeds, 3.5 to 4.5 hours on 2 cores), sweep (the dose-response
                          profile), paper (LLaMA-2 and T5 checkpoints from local paths, on a GPU)
  --dataset=<name>        only this dataset's stage instances (e.g. SCNM); the report is left out
  --force                 rerun the selected stages even when unchanged
  --dry-run               list every stage instance, whether it would run, and why; run nothing
  --jobs=<n>              run up to n independent stage instances at once (default: <profile>.executor.jobs in
                          params.yaml, else cores / model.threads); with n > 1 the Default target hands the plan to
                          one `build/mre repro --all --jobs n`, which shows every running instance
  --executor=<kind>       local (default) or slurm: each instance that must run becomes an sbatch job (afterok on its
                          upstream jobs, resources from <profile>.resources in params.yaml); see README, Running on a cluster
  --wait=false            with --executor=slurm: submit and return instead of following the jobs to the end
  --exclusive             (Cake) run the target only, not its dependencies
  --configuration=<c>     Release (default) or Debug
  --no-build              use the mre CLI already built under artifacts/ (skip the build check)
  --filter=<expr>         with --target=Test: dotnet test --filter expression
  --update-snapshots      with --target=Test: recreate missing and rewrite differing snapshots (otherwise both fail)
  --verbosity=<v>         (Cake) quiet | minimal | normal | verbose | diagnostic
  --tree / --description  (Cake) show the task graph / the task list

Each stage also runs without Cake: build/mre --help.");
}
