using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Kyverno.PodSecurity;

/// <summary>One Pod Security Standards violation: the control, Pod Security Admission's reason and detail, and where.</summary>
internal sealed record PodSecurityViolation(string Control, string Reason, string Detail, TextSpan? Span);

/// <summary>
/// The Pod Security Standards checks (baseline, and restricted on top of it) as Kubernetes' pod-security-admission
/// defines them for the latest version, with its forbidden reasons. Each check looks at the pod's own fields and at each
/// container (init and ephemeral included), so that Kyverno's exclusions (a control for the pod, or for containers of
/// some images) can drop what they cover.
/// </summary>
internal static class PodSecurityStandards
{
    private static readonly HashSet<string> BaselineCapabilities = new(StringComparer.Ordinal)
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    };

    private static readonly HashSet<string> SafeSysctls = new(StringComparer.Ordinal)
    {
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    };

    private static readonly HashSet<string> SeLinuxTypes = new(StringComparer.Ordinal) { "", "container_t", "container_init_t", "container_kvm_t", "container_engine_t" };

    private static readonly HashSet<string> RestrictedVolumeTypes = new(StringComparer.Ordinal)
    {
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
    };

    /// <summary>A container of the pod and its image, for exclusions by image.</summary>
    internal sealed record Container(string Name, string Image, JObject Value);

    /// <summary>The violations of <paramref name="level"/> ("baseline" or "restricted") by the pod, split into pod-level and per-container ones.</summary>
    public static (List<PodSecurityViolation> Pod, List<(Container Container, PodSecurityViolation Violation)> Containers) Check(JObject? metadata, JObject spec, bool restricted)
    {
        var pod = new List<PodSecurityViolation>();
        var containers = new List<(Container, PodSecurityViolation)>();
        var podContext = spec.Get("securityContext") as JObject;
        var all = Containers(spec).ToList();

        void Pod(string control, string reason, string detail, JValue? at) => pod.Add(new PodSecurityViolation(control, reason, detail, at?.ReportSpan()));
        void Each(string control, string reason, Func<Container, (bool Violates, string Detail, JValue? At)> check)
        {
            foreach (var container in all)
            {
                var (violates, detail, at) = check(container);
                if (violates)
                {
                    containers.Add((container, new PodSecurityViolation(control, reason, detail, (at ?? container.Value.Get("name"))?.ReportSpan())));
                }
            }
        }

        // Baseline.
        if (Get(podContext, "windowsOptions", "hostProcess") is JBool { Value: true } podHostProcess)
        {
            Pod("HostProcess", "hostProcess", "pod must not set securityContext.windowsOptions.hostProcess=true", podHostProcess);
        }

        Each("HostProcess", "hostProcess", c => Get(c.Value, "securityContext", "windowsOptions", "hostProcess") is JBool { Value: true } v
            ? (true, $"container \"{c.Name}\" must not set securityContext.windowsOptions.hostProcess=true", v) : (false, string.Empty, null));

        foreach (var field in (string[])["hostNetwork", "hostPID", "hostIPC"])
        {
            if (spec.Get(field) is JBool { Value: true } host)
            {
                Pod("Host Namespaces", "host namespaces", $"{field}=true", host);
            }
        }

        Each("Privileged Containers", "privileged", c => Get(c.Value, "securityContext", "privileged") is JBool { Value: true } v
            ? (true, $"container \"{c.Name}\" must not set securityContext.privileged=true", v) : (false, string.Empty, null));

        Each("Capabilities", "non-default capabilities", c =>
        {
            var added = Strings(Get(c.Value, "securityContext", "capabilities", "add")).Where(a => !BaselineCapabilities.Contains(a)).ToList();
            return added.Count > 0
                ? (true, $"container \"{c.Name}\" must not include {string.Join(", ", added.Select(a => $"\"{a}\""))} in securityContext.capabilities.add", Get(c.Value, "securityContext", "capabilities", "add"))
                : (false, string.Empty, null);
        });

        var volumes = (spec.Get("volumes") as JArray)?.Items.OfType<JObject>().ToList() ?? [];
        foreach (var volume in volumes.Where(v => v.Get("hostPath") is not null))
        {
            Pod("HostPath Volumes", "hostPath volumes", $"hostPath volume \"{Name(volume)}\"", volume.Get("hostPath"));
        }

        Each("Host Ports", "hostPort", c =>
        {
            var ports = (c.Value.Get("ports") as JArray)?.Items.OfType<JObject>().Select(p => p.Get("hostPort")).OfType<JNumber>().Where(p => p.Value != 0).ToList() ?? [];
            return ports.Count > 0 ? (true, $"container \"{c.Name}\" uses hostPort {string.Join(", ", ports.Select(p => p.ToString()))}", ports[0]) : (false, string.Empty, null);
        });

        if (metadata?.Get("annotations") is JObject annotations)
        {
            foreach (var (key, value) in annotations.Entries)
            {
                if (key.StartsWith("container.apparmor.security.beta.kubernetes.io/", StringComparison.Ordinal)
                    && value is JString { Value: var profile } && profile != "runtime/default" && !profile.StartsWith("localhost/", StringComparison.Ordinal))
                {
                    Pod("AppArmor", "forbidden AppArmor profile", $"{key}=\"{profile}\"", value);
                }
            }
        }

        if (Get(podContext, "appArmorProfile", "type") is JString { Value: "Unconfined" } podAppArmor)
        {
            Pod("AppArmor", "forbidden AppArmor profile", "pod must not set securityContext.appArmorProfile.type=\"Unconfined\"", podAppArmor);
        }

        Each("AppArmor", "forbidden AppArmor profile", c => Get(c.Value, "securityContext", "appArmorProfile", "type") is JString { Value: "Unconfined" } v
            ? (true, $"container \"{c.Name}\" must not set securityContext.appArmorProfile.type=\"Unconfined\"", v) : (false, string.Empty, null));

        if (SeLinuxViolation(Get(podContext, "seLinuxOptions") as JObject) is { } podSeLinux)
        {
            Pod("SELinux", "seLinuxOptions", $"pod set forbidden securityContext.seLinuxOptions: {podSeLinux}", Get(podContext, "seLinuxOptions"));
        }

        Each("SELinux", "seLinuxOptions", c => SeLinuxViolation(Get(c.Value, "securityContext", "seLinuxOptions") as JObject) is { } what
            ? (true, $"container \"{c.Name}\" set forbidden securityContext.seLinuxOptions: {what}", Get(c.Value, "securityContext", "seLinuxOptions")) : (false, string.Empty, null));

        Each("/proc Mount Type", "procMount", c => Get(c.Value, "securityContext", "procMount") is JString { Value: var mount } v && mount is not ("" or "Default")
            ? (true, $"container \"{c.Name}\" must not set securityContext.procMount to \"{mount}\"", v) : (false, string.Empty, null));

        var podSeccomp = (Get(podContext, "seccompProfile", "type") as JString)?.Value;
        if (podSeccomp == "Unconfined")
        {
            Pod("Seccomp", "seccompProfile", "pod must not set securityContext.seccompProfile.type to \"Unconfined\"", Get(podContext, "seccompProfile", "type"));
        }

        Each("Seccomp", "seccompProfile", c => Get(c.Value, "securityContext", "seccompProfile", "type") is JString { Value: "Unconfined" } v
            ? (true, $"container \"{c.Name}\" must not set securityContext.seccompProfile.type to \"Unconfined\"", v) : (false, string.Empty, null));

        foreach (var sysctl in (Get(podContext, "sysctls") as JArray)?.Items.OfType<JObject>() ?? [])
        {
            if (sysctl.Get("name") is JString { Value: var sysctlName } at && !SafeSysctls.Contains(sysctlName))
            {
                Pod("Sysctls", "forbidden sysctls", sysctlName, at);
            }
        }

        if (!restricted)
        {
            return (pod, containers);
        }

        // Restricted, on top of baseline.
        foreach (var volume in volumes)
        {
            var type = volume.Keys.FirstOrDefault(k => k != "name");
            if (type is not null && !RestrictedVolumeTypes.Contains(type))
            {
                Pod("Volume Types", "restricted volume types", $"volume \"{Name(volume)}\" uses restricted volume type \"{type}\"", volume.Get(type));
            }
        }

        Each("Privilege Escalation", "allowPrivilegeEscalation != false", c => Get(c.Value, "securityContext", "allowPrivilegeEscalation") is JBool { Value: false }
            ? (false, string.Empty, null)
            : (true, $"container \"{c.Name}\" must set securityContext.allowPrivilegeEscalation=false", Get(c.Value, "securityContext", "allowPrivilegeEscalation")));

        var podNonRoot = Get(podContext, "runAsNonRoot") as JBool;
        if (podNonRoot is { Value: false })
        {
            Pod("Running as Non-root", "runAsNonRoot != true", "pod must not set securityContext.runAsNonRoot=false", podNonRoot);
        }

        Each("Running as Non-root", "runAsNonRoot != true", c => (Get(c.Value, "securityContext", "runAsNonRoot") as JBool)?.Value switch
        {
            true => (false, string.Empty, null),
            false => (true, $"container \"{c.Name}\" must not set securityContext.runAsNonRoot=false", Get(c.Value, "securityContext", "runAsNonRoot")),
            null => podNonRoot is { Value: true } ? (false, string.Empty, null) : (true, $"pod or container \"{c.Name}\" must set securityContext.runAsNonRoot=true", null),
        });

        if (Get(podContext, "runAsUser") is JNumber { Value: 0 } podRoot)
        {
            Pod("Running as Non-root user", "runAsUser=0", "pod must not set runAsUser=0", podRoot);
        }

        Each("Running as Non-root user", "runAsUser=0", c => Get(c.Value, "securityContext", "runAsUser") is JNumber { Value: 0 } v
            ? (true, $"container \"{c.Name}\" must not set runAsUser=0", v) : (false, string.Empty, null));

        if (podSeccomp is not null and not ("RuntimeDefault" or "Localhost" or "Unconfined"))
        {
            Pod("Seccomp", "seccompProfile", $"pod must not set securityContext.seccompProfile.type to \"{podSeccomp}\"", Get(podContext, "seccompProfile", "type"));
        }

        Each("Seccomp", "seccompProfile", c =>
        {
            var own = (Get(c.Value, "securityContext", "seccompProfile", "type") as JString)?.Value;
            var effective = own ?? podSeccomp;
            return effective is "RuntimeDefault" or "Localhost" || own == "Unconfined" || (own is null && podSeccomp == "Unconfined")
                ? (false, string.Empty, null)
                : (true, own is null
                    ? $"pod or container \"{c.Name}\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\""
                    : $"container \"{c.Name}\" must not set securityContext.seccompProfile.type to \"{own}\"", Get(c.Value, "securityContext", "seccompProfile", "type"));
        });

        Each("Capabilities", "unrestricted capabilities", c =>
        {
            var dropsAll = Strings(Get(c.Value, "securityContext", "capabilities", "drop")).Contains("ALL");
            var added = Strings(Get(c.Value, "securityContext", "capabilities", "add")).Where(a => a != "NET_BIND_SERVICE").ToList();
            var problems = new List<string>();
            if (!dropsAll)
            {
                problems.Add($"container \"{c.Name}\" must set securityContext.capabilities.drop=[\"ALL\"]");
            }

            if (added.Count > 0)
            {
                problems.Add($"container \"{c.Name}\" must not include {string.Join(", ", added.Select(a => $"\"{a}\""))} in securityContext.capabilities.add");
            }

            return problems.Count > 0 ? (true, string.Join("; ", problems), Get(c.Value, "securityContext", "capabilities")) : (false, string.Empty, null);
        });

        return (pod, containers);
    }

    private static IEnumerable<Container> Containers(JObject spec)
    {
        foreach (var list in (string[])["initContainers", "containers", "ephemeralContainers"])
        {
            foreach (var item in (spec.Get(list) as JArray)?.Items.OfType<JObject>() ?? [])
            {
                yield return new Container(Name(item), (item.Get("image") as JString)?.Value ?? string.Empty, item);
            }
        }
    }

    private static string Name(JObject item) => (item.Get("name") as JString)?.Value ?? string.Empty;

    private static string? SeLinuxViolation(JObject? options)
    {
        if (options is null)
        {
            return null;
        }

        var problems = new List<string>();
        if ((options.Get("type") as JString)?.Value is { } type && !SeLinuxTypes.Contains(type))
        {
            problems.Add($"type \"{type}\"");
        }

        if ((options.Get("user") as JString)?.Value is { Length: > 0 } user)
        {
            problems.Add($"user \"{user}\"");
        }

        if ((options.Get("role") as JString)?.Value is { Length: > 0 } role)
        {
            problems.Add($"role \"{role}\"");
        }

        return problems.Count == 0 ? null : string.Join(", ", problems);
    }

    private static JValue? Get(JValue? value, params string[] path)
    {
        foreach (var key in path)
        {
            value = (value as JObject)?.Get(key);
        }

        return value;
    }

    private static IEnumerable<string> Strings(JValue? value) => (value as JArray)?.Items.OfType<JString>().Select(s => s.Value) ?? [];
}
