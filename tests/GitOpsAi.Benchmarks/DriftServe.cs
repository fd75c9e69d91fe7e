using System.Text.Json.Nodes;
using GitOpsAi.Core.Yaml;
using GitOpsAi.KubeEmulator;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// <c>drift-serve FILE FOLDER</c>: the loopback API emulator as a process, for the editor latency bench
/// (<c>tests/bench/drift-latency.sh</c>). It serves the objects of a manifest file as kube-apiserver would return them
/// (uid, resourceVersion, managedFields by the Flux applier, server defaults in Deployments, status), with one
/// Deployment in ten changed by hand (<c>kubectl set image</c>), writes a kubeconfig for 127.0.0.1 into FOLDER, prints
/// its path, and serves until the process is stopped.
/// </summary>
internal static class DriftServe
{
    public static async Task<int> RunAsync(string manifests, string folder)
    {
        await using var emulator = new KubeApiEmulator();
        var served = 0;
        var drifted = 0;
        foreach (var document in YamlParser.Parse(await File.ReadAllTextAsync(manifests).ConfigureAwait(false)).Documents)
        {
            if (document.Root is not YamlMapping root || YamlToJson.Convert(root) is not JsonObject live)
            {
                continue;
            }

            var isDeployment = live["kind"]?.GetValue<string>() == "Deployment";
            var handEdited = isDeployment && served % 10 == 0;
            AsTheServerReturnsIt(live, handEdited);
            emulator.Put(live);
            served++;
            drifted += handEdited ? 1 : 0;
        }

        Directory.CreateDirectory(folder);
        var kubeconfig = emulator.WriteKubeconfig(folder);
        Console.WriteLine(kubeconfig);
        await Console.Error.WriteLineAsync($"drift-serve: {served} objects ({drifted} hand-edited) at {emulator.Url}").ConfigureAwait(false);
        var stopped = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stopped.TrySetResult();
        using var termination = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopped.TrySetResult();
        });
        await stopped.Task.ConfigureAwait(false);
        return 0;
    }

    private static void AsTheServerReturnsIt(JsonObject live, bool handEdited)
    {
        var metadata = (JsonObject)(live["metadata"] ??= new JsonObject());
        metadata["generation"] = 2;
        metadata["creationTimestamp"] = "2026-11-01T10:00:00Z";
        var managed = new JsonArray(new JsonObject
        {
            ["manager"] = "kustomize-controller", ["operation"] = "Apply", ["time"] = "2026-11-20T10:00:00Z",
            ["fieldsV1"] = new JsonObject { ["f:spec"] = new JsonObject(), ["f:data"] = new JsonObject() },
        });
        metadata["managedFields"] = managed;
        if (live["kind"]?.GetValue<string>() != "Deployment" || live["spec"] is not JsonObject spec)
        {
            return;
        }

        spec["revisionHistoryLimit"] = 10;
        spec["progressDeadlineSeconds"] = 600;
        if (spec["template"]?["spec"] is JsonObject pod && pod["containers"] is JsonArray containers)
        {
            pod["dnsPolicy"] = "ClusterFirst";
            pod["restartPolicy"] = "Always";
            pod["schedulerName"] = "default-scheduler";
            pod["securityContext"] = new JsonObject();
            foreach (var container in containers.OfType<JsonObject>())
            {
                container["imagePullPolicy"] = "IfNotPresent";
                container["terminationMessagePath"] = "/dev/termination-log";
                container["terminationMessagePolicy"] = "File";
                if (handEdited && container["image"]?.GetValue<string>() is { } image)
                {
                    container["image"] = image + "-hotfix";
                    managed.Add(new JsonObject
                    {
                        ["manager"] = "kubectl-set", ["operation"] = "Update", ["time"] = "2026-12-01T10:00:00Z",
                        ["fieldsV1"] = JsonNode.Parse("{\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"" + container["name"] + "\\\"}\":{\"f:image\":{}}}}}}}"),
                    });
                }
            }
        }

        live["status"] = new JsonObject { ["replicas"] = spec["replicas"]?.DeepClone(), ["observedGeneration"] = 2, ["updatedReplicas"] = spec["replicas"]?.DeepClone() };
    }
}
