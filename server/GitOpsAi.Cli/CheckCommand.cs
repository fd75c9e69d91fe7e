using System.CommandLine;
using GitOpsAi.Cli.Reporting;
using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Cli;

/// <summary><c>gitops-ai check &lt;paths...&gt;</c>: analyse files or folders and report, with a CI-friendly exit code.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files or folders to check (a folder is checked as a repository: every YAML file under it).",
            Arity = ArgumentArity.OneOrMore,
        };
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && t.Value.Length > 1))
            {
                result.AddError($"Unrecognized option '{token.Value}'.");
            }
        });
        var format = new Option<string>("--format", "-f")
        {
            Description = "Report format: text (path:line:col: severity code: message), json, sarif (SARIF 2.1.0 for code scanning) or markdown (a pull-request comment).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "sarif", "markdown");
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit with 1 when a finding of this severity or worse is reported.",
            DefaultValueFactory = _ => "error",
        };
        failOn.AcceptOnlyFromAmong("error", "warning");
        var schemaDirs = new Option<string[]>("--schema-dir")
        {
            Description = "A folder of extra schemas (CRD manifests or JSON Schemas) to validate against; repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var noSchemas = new Option<bool>("--no-schema-validation")
        {
            Description = "Skip schema validation (structure checks still run).",
        };
        var fix = new Option<bool>("--fix")
        {
            Description = "Apply the safe fixes (they keep what runs, or repair what the API server would refuse) to the files, then report what remains.",
        };
        var unsafeFixes = new Option<bool>("--unsafe-fixes")
        {
            Description = "With --fix or --diff, also apply fixes that change what runs (hardening, resources, replicas, probes, pull policy).",
        };
        var diff = new Option<bool>("--diff")
        {
            Description = "Print a unified diff of what --fix would change and write nothing; exit 1 when there is something to change.",
        };

        var baseline = new Option<string?>("--baseline")
        {
            Description = "A baseline written by --write-baseline: the findings in it do not fail the run; new ones do, and fixed ones are reported.",
        };
        var writeBaseline = new Option<string?>("--write-baseline")
        {
            Description = "Write every finding of this run to a baseline file (to adopt the gate on an existing repository).",
        };
        var changedSince = new Option<string?>("--changed-since")
        {
            Description = "Report only findings on objects changed since this Git ref (committed, staged, unstaged or untracked).",
        };

        var snapshot = new Option<string?>("--snapshot")
        {
            Description = "Compare with a cluster snapshot (the output of 'kubectl get <kinds> -A -o yaml', a List or several documents) and report drift.",
        };

        var cluster = new Option<bool>("--cluster")
        {
            Description = "Compare with the live cluster (read-only: only GET requests) and report drift.",
        };
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "The kubeconfig for --cluster (default: $KUBECONFIG, then ~/.kube/config).",
        };
        var context = new Option<string?>("--context")
        {
            Description = "The kubeconfig context for --cluster (default: the current context).",
        };

        var command = new Command("check", "Check GitOps YAML for schema errors, deprecated APIs and broken repository structure.")
        {
            paths, format, failOn, schemaDirs, noSchemas, fix, unsafeFixes, diff, baseline, writeBaseline, changedSince, snapshot, cluster, kubeconfig, context,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(cluster) && result.GetValue(snapshot) is not null)
            {
                result.AddError("--cluster and --snapshot cannot be combined; compare with one of them.");
            }
            else if (!result.GetValue(cluster) && (result.GetValue(kubeconfig) is not null || result.GetValue(context) is not null))
            {
                result.AddError("--kubeconfig and --context only apply with --cluster.");
            }
        });

        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = new CheckRequest(
                parseResult.GetValue(paths) ?? [],
                parseResult.GetValue(format) ?? "text",
                parseResult.GetValue(failOn) == "warning" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
                parseResult.GetValue(schemaDirs) ?? [],
                !parseResult.GetValue(noSchemas),
                parseResult.GetValue(fix) || parseResult.GetValue(diff))
            {
                UnsafeFixes = parseResult.GetValue(unsafeFixes),
                DiffOnly = parseResult.GetValue(diff),
                Baseline = parseResult.GetValue(baseline),
                WriteBaseline = parseResult.GetValue(writeBaseline),
                ChangedSince = parseResult.GetValue(changedSince),
                Snapshot = parseResult.GetValue(snapshot),
                Cluster = parseResult.GetValue(cluster),
                Kubeconfig = parseResult.GetValue(kubeconfig),
                Context = parseResult.GetValue(context),
            };
            return Task.FromResult(new CheckRunner(stdout, stderr).Run(request, cancellationToken));
        });

        return command;
    }
}

internal sealed record CheckRequest(IReadOnlyList<string> Paths, string Format, DiagnosticSeverity FailOn, IReadOnlyList<string> SchemaFolders, bool ValidateSchemas, bool Fix = false)
{
    /// <summary>A cluster snapshot file to report drift against, or null.</summary>
    public string? Snapshot { get; init; }

    /// <summary>Compare with the live cluster of <see cref="Context"/> in <see cref="Kubeconfig"/>.</summary>
    public bool Cluster { get; init; }

    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>Apply unsafe fixes too (<c>--unsafe-fixes</c>).</summary>
    public bool UnsafeFixes { get; init; }

    /// <summary>Print the fixes as a unified diff instead of writing them (<c>--diff</c>).</summary>
    public bool DiffOnly { get; init; }

    /// <summary>The baseline file to read (<c>--baseline</c>).</summary>
    public string? Baseline { get; init; }

    /// <summary>The baseline file to write (<c>--write-baseline</c>).</summary>
    public string? WriteBaseline { get; init; }

    /// <summary>The Git ref whose changes are checked (<c>--changed-since</c>).</summary>
    public string? ChangedSince { get; init; }
}
