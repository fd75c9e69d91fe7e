using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>Security rules: pod and container hardening, host access.</summary>
public static class SecurityRules
{
    /// <summary>Polaris's insecureCapabilities list: drop ALL, or every one of these.</summary>
    private static readonly string[] InsecureCapabilities =
    [
        "NET_ADMIN", "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP",
        "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE",
    ];

    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new()
        {
            Id = "run-as-non-root",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Containers that may run as root.",
            Remediation = "Set securityContext.runAsNonRoot: true (or a non-zero runAsUser) on the container or the pod.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:runAsRootAllowed", "kube-linter:run-as-non-root"],
            FixSafety = FixSafety.Unsafe,
            Template = new RunAsNonRootTemplate(),
        },
        new()
        {
            Id = "privileged-container",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Containers that run privileged, with every capability and access to the host's devices.",
            Remediation = "Remove securityContext.privileged: true, or grant only the capabilities the container needs.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:runAsPrivileged", "kube-linter:privileged-container"],
            FixSafety = FixSafety.Unsafe,
            Template = new SecurityContextFieldTemplate(new SecurityContextFieldParameters { Field = "privileged", SafeValue = "false" }),
        },
        new()
        {
            Id = "privilege-escalation",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Containers that do not set allowPrivilegeEscalation: false, so setuid binaries can gain privileges.",
            Remediation = "Set securityContext.allowPrivilegeEscalation: false on the container.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:privilegeEscalationAllowed", "kube-linter:privilege-escalation-container"],
            Notes = "Polaris requires allowPrivilegeEscalation: false on every container; kube-linter reports only an explicit true (and privileged or SYS_ADMIN containers, which privileged-container and dangerous-capabilities report). Default: Polaris's; set reportUnset to false for kube-linter's. No fix is offered where the container is privileged or adds SYS_ADMIN, because the API server rejects allowPrivilegeEscalation: false there. allowPrivilegeEscalation in the pod's securityContext is not a Kubernetes field and counts for nothing (Polaris's success.pod_no_cont fixture takes it for the containers').",
            FixSafety = FixSafety.Unsafe,
            Template = new SecurityContextFieldTemplate(new SecurityContextFieldParameters { Field = "allowPrivilegeEscalation", SafeValue = "false", ReportUnset = true }),
        },
        new()
        {
            Id = "read-only-root-filesystem",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers whose root filesystem is writable.",
            Remediation = "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the container must write.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:notReadOnlyRootFilesystem", "kube-linter:no-read-only-root-fs"],
            Notes = "Both tools require the field on every container; init containers are checked too, as in Polaris. Polaris also accepts the field in the pod's securityContext, where Kubernetes does not define it; here only the container's counts (the schema check reports the pod-level field as unknown). The fix may break containers that write outside their volumes.",
            FixSafety = FixSafety.Unsafe,
            Template = new SecurityContextFieldTemplate(new SecurityContextFieldParameters { Field = "readOnlyRootFilesystem", SafeValue = "true", ReportUnset = true }),
        },
        new()
        {
            Id = "dangerous-capabilities",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Containers that add dangerous Linux capabilities (ALL, SYS_ADMIN, NET_ADMIN).",
            Remediation = "Remove the capability from securityContext.capabilities.add unless the container cannot work without it.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:dangerousCapabilities"],
            Template = new CapabilitiesTemplate(new CapabilitiesParameters { ForbiddenAdded = ["ALL", "SYS_ADMIN", "NET_ADMIN"] }),
        },
        new()
        {
            Id = "insecure-capabilities",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers that keep the runtime's default Linux capabilities instead of dropping them.",
            Remediation = "Drop ALL capabilities in securityContext.capabilities.drop and add back only those the container needs.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:insecureCapabilities"],
            Notes = "As Polaris: the drop list must hold ALL or every capability in requiredDropped. The fix adds ALL to the drop list; capabilities in the add list are kept.",
            FixSafety = FixSafety.Unsafe,
            Template = new CapabilitiesTemplate(new CapabilitiesParameters { RequiredDropped = InsecureCapabilities, FixDrop = "ALL" }),
        },
        new()
        {
            Id = "drop-net-raw-capability",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers with a capabilities block that neither drops NET_RAW nor ALL, or that adds it back.",
            Remediation = "Add NET_RAW (or ALL) to securityContext.capabilities.drop so the container cannot craft raw packets.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["kube-linter:drop-net-raw-capability"],
            Notes = "As kube-linter, containers without securityContext.capabilities are not checked (insecure-capabilities reports those); set onlyWhenCapabilitiesSet to false to check every container.",
            FixSafety = FixSafety.Unsafe,
            Template = new CapabilitiesTemplate(new CapabilitiesParameters { ForbiddenAdded = ["NET_RAW"], RequiredDropped = ["NET_RAW"], OnlyWhenCapabilitiesSet = true, FixDrop = "NET_RAW" }),
        },
        new()
        {
            Id = "linux-hardening",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers confined by neither seccomp, SELinux, AppArmor nor dropped capabilities.",
            Remediation = "Set securityContext.seccompProfile.type: RuntimeDefault (or SELinux options, an AppArmor profile, or drop capabilities).",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:linuxHardening"],
            Notes = "As Polaris: a seccomp profile other than Unconfined (pod or container), non-empty seLinuxOptions, the container's AppArmor annotation, or a non-empty capabilities.drop list without add: [ALL] each suffice. The appArmorProfile field (Kubernetes 1.30+) counts too (acceptAppArmorProfileField). The fix sets seccomp RuntimeDefault on the container; an explicit Unconfined is reported but left alone.",
            FixSafety = FixSafety.Unsafe,
            Template = new LinuxHardeningTemplate(),
        },
        new()
        {
            Id = "proc-mount",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers that unmask /proc (securityContext.procMount other than Default).",
            Remediation = "Remove securityContext.procMount or set it to Default.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:procMount", "kube-linter:unsafe-proc-mount"],
            Template = new SecurityContextFieldTemplate(new SecurityContextFieldParameters { Field = "procMount", SafeValue = "Default", Fix = false }),
        },
        new()
        {
            Id = "host-process",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Windows pods or containers that run as host processes, with full access to the node.",
            Remediation = "Remove securityContext.windowsOptions.hostProcess: true unless the workload must manage the node.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:hostProcess"],
            Template = new SecurityContextFieldTemplate(new SecurityContextFieldParameters { Field = "windowsOptions.hostProcess", SafeValue = "false", PodLevel = true, Fix = false }),
        },
        new()
        {
            Id = "host-network",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Pods that share the node's network namespace (hostNetwork: true).",
            Remediation = "Remove hostNetwork: true unless the pod must use the node's network stack; it bypasses network policies and mesh encryption.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:hostNetworkSet", "kube-linter:host-network"],
            Template = new PodSpecFieldTemplate(new PodSpecFieldParameters { Field = "hostNetwork", ForbiddenValues = ["true"] }),
        },
        new()
        {
            Id = "host-pid",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Pods that share the node's process namespace (hostPID: true).",
            Remediation = "Remove hostPID: true; it lets the pod see and signal every process on the node.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:hostPIDSet", "kube-linter:host-pid"],
            Template = new PodSpecFieldTemplate(new PodSpecFieldParameters { Field = "hostPID", ForbiddenValues = ["true"] }),
        },
        new()
        {
            Id = "host-ipc",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Pods that share the node's IPC namespace (hostIPC: true).",
            Remediation = "Remove hostIPC: true; it exposes the node's shared memory to the pod.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:hostIPCSet", "kube-linter:host-ipc"],
            Template = new PodSpecFieldTemplate(new PodSpecFieldParameters { Field = "hostIPC", ForbiddenValues = ["true"] }),
        },
        new()
        {
            Id = "host-port",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers that bind a port on the node (hostPort).",
            Remediation = "Remove hostPort and expose the container through a Service instead.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:hostPortSet"],
            Template = new ContainerPortTemplate(new ContainerPortParameters { Field = "hostPort" }),
        },
        new()
        {
            Id = "ssh-port",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers that expose port 22/TCP, the SSH port.",
            Remediation = "Do not run SSH servers in containers; use kubectl exec, or move the service off port 22.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["kube-linter:ssh-port"],
            Template = new ContainerPortTemplate(new ContainerPortParameters { Field = "containerPort", Ports = [22], Protocol = "TCP" }),
        },
        new()
        {
            Id = "host-path-volume",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Pods with hostPath volumes, which expose the node's filesystem.",
            Remediation = "Use a PersistentVolumeClaim, emptyDir, ConfigMap or Secret volume instead of hostPath.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:hostPathSet"],
            Notes = "As Polaris, every hostPath volume is reported, mounted or not; sensitive-host-mounts and docker-sock report the dangerous paths as errors.",
            Template = new HostPathVolumeTemplate(),
        },
        new()
        {
            Id = "sensitive-host-mounts",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Containers that mount sensitive host directories (/, /boot, /dev, /etc, /lib, /proc, /sys, /usr).",
            Remediation = "Remove the hostPath volume and its volumeMounts; give the container only the files it needs.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["kube-linter:sensitive-host-mounts"],
            Template = new HostPathVolumeTemplate(new HostPathVolumeParameters { Paths = ["^/$", "^/boot$", "^/dev$", "^/etc$", "^/lib$", "^/proc$", "^/sys$", "^/usr$"], OnlyWhenMounted = true }),
        },
        new()
        {
            Id = "docker-sock",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Containers that mount the container runtime's docker.sock, which gives full control of the node.",
            Remediation = "Remove the docker.sock hostPath volume and its volumeMounts.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["kube-linter:docker-sock"],
            Template = new HostPathVolumeTemplate(new HostPathVolumeParameters { Paths = ["docker.sock$"], OnlyWhenMounted = true }),
        },
        new()
        {
            Id = "unsafe-sysctls",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Pods that set unsafe sysctls (kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*, net.*).",
            Remediation = "Remove the sysctl from securityContext.sysctls, or set it on the node instead.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["kube-linter:unsafe-sysctls"],
            Template = new UnsafeSysctlsTemplate(),
        },
        new()
        {
            Id = "automount-service-account-token",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Pods that get a Kubernetes API token mounted automatically.",
            Remediation = "Set automountServiceAccountToken: false on the pod spec (or its ServiceAccount) unless the pod calls the Kubernetes API.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:automountServiceAccountToken", "kube-linter:automount-service-account-token"],
            Notes = "Polaris also accepts automountServiceAccountToken: false on the ServiceAccount the pod uses; kube-linter (not a default check there) looks at the pod spec only. Default: Polaris's, with the ServiceAccount looked up in the repository; set acceptServiceAccountSetting to false for kube-linter's. The fix is preferred only for pods on the default service account.",
            FixSafety = FixSafety.Unsafe,
            Template = new ServiceAccountTokenTemplate(),
        },
    ];
}
