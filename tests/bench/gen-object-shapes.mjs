#!/usr/bin/env node
// Generates a repository of one object shape in bulk, the shapes gen-monorepo.mjs does not make (issue 13: what must
// not grow faster than linearly on held-out repositories):
//   helm      HelmReleases with large nested values, valuesFrom ConfigMaps/Secrets, shared HelmRepository/OCIRepository
//             sources, chart version ranges; one folder per team under Flux
//   argocd    app-of-apps: an Application per app folder (kustomize and Helm sources in the repository), ApplicationSets
//             with git/list/matrix generators, AppProjects
//   policies  ~100 Kyverno ClusterPolicies/Policies (patterns, anyPattern, deny, CEL, preconditions, mutate, foreach)
//             and ValidatingAdmissionPolicies with bindings, over workloads, Services and ConfigMaps
//   secrets   SealedSecrets, ExternalSecrets, SOPS-encrypted Secrets, large ConfigMaps (100 KB-1 MB), secret-looking
//             values in long texts
//   crds      hundreds of CRD files with schemas, and custom resources of those kinds, cert-manager Certificates,
//             Flagger Canaries, PrometheusRules with long expressions
//   bigfile   one file of N mixed documents
//   clusters  the same apps in 50 clusters' folders (clusters/<name>/...), with many Namespaces
// Usage: node tests/bench/gen-object-shapes.mjs --shape NAME --resources N --out DIR
// Prints one JSON line: the figures (files, resources, lines, bytes) and the files worth editing (edit, and policy for
// the policies shape).
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const shapes = { helm, argocd, policies, secrets, crds, bigfile, clusters };
if (!args.out || !shapes[args.shape]) {
  console.error(`usage: node gen-object-shapes.mjs --shape ${Object.keys(shapes).join('|')} --resources N --out DIR`);
  process.exit(2);
}
const out = args.out;
const resources = Number(args.resources ?? 10000);

rmSync(out, { recursive: true, force: true });
let files = 0, objects = 0, lines = 0, bytes = 0;
function write(path, docs, count = Array.isArray(docs) ? docs.length : 1) {
  const text = Array.isArray(docs) ? docs.join('---\n') : docs;
  mkdirSync(join(out, path, '..'), { recursive: true });
  writeFileSync(join(out, path), text);
  files++;
  objects += count;
  lines += text.split('\n').length - 1;
  bytes += text.length;
}
const kustomization = (list, extra = '') => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
${extra}resources:
${list.map((r) => `  - ${r}`).join('\n')}
`;
// A deterministic generator of random-looking text, so secret-looking values have the entropy of real ones.
let seed = 13;
function random() { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; }
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const randomText = (n, chars = alphabet) => Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]).join('');
const hex = (n) => randomText(n, '0123456789abcdef');

const deployment = (name, namespace = null, image = `registry.example.com/${name}:1.4.2`) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: main
          image: ${image}
          ports:
            - containerPort: 8080
              name: http
          envFrom:
            - configMapRef:
                name: ${name}-env
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
            limits:
              memory: 128Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
`;
const service = (name, namespace = null) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
const configMap = (name, namespace = null, data = '  LOG_LEVEL: info\n  UPSTREAM: http://upstream\n') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}data:
${data}`;
const fluxKustomization = (name, path, namespace = null) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  path: ./${path}
  prune: true
${namespace ? `  targetNamespace: ${namespace}\n` : ''}  sourceRef:
    kind: GitRepository
    name: flux-system
`;
const gitRepository = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  ref:
    branch: main
  url: ssh://git@example.com/platform/monorepo
`;

// 1. HelmReleases: 4 objects per app (HelmRelease, its values ConfigMap and Secret, a ServiceAccount), 20 apps a team.
function helm() {
  const apps = Math.max(1, Math.round(resources / 4));
  const teams = Math.max(1, Math.ceil(apps / 20));
  write('infrastructure/sources.yaml', [`apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: bitnami
  namespace: flux-system
spec:
  interval: 1h
  url: https://charts.bitnami.com/bitnami
`, `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  type: oci
  interval: 1h
  url: oci://ghcr.io/stefanprodan/charts
`, `apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata:
  name: platform-chart
  namespace: flux-system
spec:
  interval: 1h
  url: oci://registry.example.com/charts/platform
  ref:
    semver: ">=2.1.0 <3.0.0"
`, gitRepository]);
  const ranges = ['18.x', '>=1.2.0 <2.0.0', '~6.5.0', '^3.1', '1.2.3', '*', '>=0.9.0-0'];
  const sources = [['HelmRepository', 'bitnami', 'redis'], ['HelmRepository', 'podinfo', 'podinfo']];
  const flux = [];
  let edit = null;
  for (let t = 0; t < teams; t++) {
    const team = `team-${t}`;
    const names = [];
    for (let a = t * 20; a < Math.min(apps, (t + 1) * 20); a++) {
      const app = `app-${a}`;
      const [kind, source, chart] = sources[a % sources.length];
      const chartRef = a % 5 === 4
        ? `  chartRef:\n    kind: OCIRepository\n    name: platform-chart\n    namespace: flux-system\n`
        : `  chart:\n    spec:\n      chart: ${chart}\n      version: "${ranges[a % ranges.length]}"\n      sourceRef:\n        kind: ${kind}\n        name: ${source}\n        namespace: flux-system\n`;
      write(`apps/${team}/${app}.yaml`, [`apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${app}
  namespace: ${team}
spec:
  interval: 10m
${chartRef}  install:
    remediation:
      retries: 3
  valuesFrom:
    - kind: ConfigMap
      name: ${app}-values
    - kind: Secret
      name: ${app}-credentials
      valuesKey: password
      targetPath: auth.password
  values:
${helmValues(app, a)}`, configMap(`${app}-values`, team, `  values.yaml: |\n    replicaCount: ${1 + (a % 3)}\n    logLevel: info\n    extraEnv:\n      REGION: eu-west-1\n`),
      `apiVersion: v1
kind: Secret
metadata:
  name: ${app}-credentials
  namespace: ${team}
type: Opaque
stringData:
  password: ENC[AES256_GCM,data:${randomText(24)},iv:${randomText(43)}=,tag:${randomText(22)}==,type:str]
sops:
  age:
    - recipient: age1${hex(58)}
      enc: |
        -----BEGIN AGE ENCRYPTED FILE-----
        ${randomText(64)}
        -----END AGE ENCRYPTED FILE-----
  lastmodified: "2026-11-30T10:00:00Z"
  mac: ENC[AES256_GCM,data:${randomText(44)},type:str]
  version: 3.9.1
`, `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app}
  namespace: ${team}
`]);
      names.push(`${app}.yaml`);
      if (a === Math.floor(apps / 2)) edit = `apps/${team}/${app}.yaml`;
    }
    write(`apps/${team}/kustomization.yaml`, kustomization(names), 0);
    flux.push(fluxKustomization(team, `apps/${team}`));
  }
  write('clusters/prod/apps.yaml', flux);
  return { edit };
}
// About 150 lines of nested values, as real charts take (resources, probes, affinity, ingress, a nested config tree).
function helmValues(app, a) {
  const lines = [];
  lines.push('    image:', `      repository: registry.example.com/${app}`, `      tag: "1.${a % 40}.0"`, '      pullPolicy: IfNotPresent');
  lines.push('    ingress:', '      enabled: true', '      className: nginx', '      hosts:',
    `        - host: ${app}.example.com`, '          paths:', '            - path: /', '              pathType: Prefix',
    '      tls:', `        - secretName: ${app}-tls`, '          hosts:', `            - ${app}.example.com`);
  lines.push('    resources:', '      requests:', '        cpu: 100m', '        memory: 128Mi', '      limits:', '        memory: 256Mi');
  lines.push('    affinity:', '      podAntiAffinity:', '        preferredDuringSchedulingIgnoredDuringExecution:',
    '          - weight: 100', '            podAffinityTerm:', '              topologyKey: kubernetes.io/hostname',
    '              labelSelector:', '                matchLabels:', `                  app.kubernetes.io/name: ${app}`);
  lines.push('    config:');
  for (let s = 0; s < 8; s++) {
    lines.push(`      section${s}:`, `        enabled: ${s % 2 === 0}`, `        endpoint: http://svc-${s}.${app}.svc:8080/api/v${s}`,
      '        timeouts:', `          connect: ${s + 1}s`, `          read: ${10 + s}s`, '        retries:', `          max: ${s}`,
      '          backoff: exponential', '        labels:', `          tier: t${s}`, `          owner: team-${s}`,
      '        list:', ...[0, 1, 2].map((i) => `          - name: item-${i}\n            weight: ${i * 10}`));
  }
  lines.push('    podAnnotations:', '      prometheus.io/scrape: "true"', '      prometheus.io/port: "9090"');
  return lines.join('\n') + '\n';
}

// 2. Argo CD app-of-apps: per app a folder (kustomization, Deployment, Service) and an Application; a root Application,
// ApplicationSets and AppProjects. Every fifth app is a Helm source from a chart in the repository.
function argocd() {
  const apps = Math.max(1, Math.round(resources / 3));
  const projects = Math.max(1, Math.ceil(apps / 200));
  const project = (p) => `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: project-${p}
  namespace: argocd
spec:
  description: team ${p}
  sourceRepos:
    - https://git.example.com/platform/monorepo.git
  destinations:
    - namespace: "team-${p}-*"
      server: https://kubernetes.default.svc
  clusterResourceWhitelist:
    - group: ""
      kind: Namespace
`;
  write('argocd/projects.yaml', Array.from({ length: projects }, (_, p) => project(p)));
  write('charts/common/Chart.yaml', 'apiVersion: v2\nname: common\nversion: 1.0.0\n', 0);
  write('charts/common/values.yaml', 'replicaCount: 1\nimage:\n  repository: registry.example.com/common\n  tag: "1.0"\n', 0);
  let edit = null;
  const applications = [];
  for (let a = 0; a < apps; a++) {
    const app = `app-${a}`;
    const p = a % projects;
    const helmApp = a % 5 === 4;
    if (!helmApp) {
      write(`apps/${app}/kustomization.yaml`, kustomization(['deployment.yaml', 'service.yaml'], `namespace: team-${p}-${app}\n`), 0);
      write(`apps/${app}/deployment.yaml`, deployment(app));
      write(`apps/${app}/service.yaml`, service(app));
    } else {
      write(`apps/${app}/values.yaml`, `replicaCount: 2\nimage:\n  tag: "1.${a % 9}"\n`, 0);
    }
    if (a === Math.floor(apps / 2) + (helmApp ? 1 : 0)) edit = `apps/${app}/deployment.yaml`;
    const source = helmApp
      ? `  source:\n    repoURL: https://git.example.com/platform/monorepo.git\n    targetRevision: main\n    path: charts/common\n    helm:\n      releaseName: ${app}\n      valueFiles:\n        - ../../apps/${app}/values.yaml\n      parameters:\n        - name: image.repository\n          value: registry.example.com/${app}\n`
      : `  source:\n    repoURL: https://git.example.com/platform/monorepo.git\n    targetRevision: main\n    path: apps/${app}\n`;
    applications.push(`apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${app}
  namespace: argocd
  finalizers:
    - resources-finalizer.argocd.argoproj.io
spec:
  project: project-${p}
${source}  destination:
    server: https://kubernetes.default.svc
    namespace: team-${p}-${app}
  syncPolicy:
    automated:
      prune: true
      selfHeal: true
    syncOptions:
      - CreateNamespace=true
`);
  }
  // One file per 50 Applications, as app-of-apps folders hold them.
  for (let f = 0; f * 50 < applications.length; f++) write(`argocd/apps/apps-${f}.yaml`, applications.slice(f * 50, (f + 1) * 50));
  write('argocd/root.yaml', `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: root
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://git.example.com/platform/monorepo.git
    targetRevision: main
    path: argocd/apps
  destination:
    server: https://kubernetes.default.svc
    namespace: argocd
  syncPolicy:
    automated: {}
`);
  const sets = Math.max(1, Math.ceil(apps / 500));
  write('argocd/applicationsets.yaml', Array.from({ length: sets }, (_, s) => s % 2 === 0 ? `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: directories-${s}
  namespace: argocd
spec:
  goTemplate: true
  generators:
    - git:
        repoURL: https://git.example.com/platform/monorepo.git
        revision: main
        directories:
          - path: apps/app-${s}*
          - path: apps/app-${s}9
            exclude: true
  template:
    metadata:
      name: "set-${s}-{{.path.basename}}"
    spec:
      project: project-${s % projects}
      source:
        repoURL: https://git.example.com/platform/monorepo.git
        targetRevision: main
        path: "{{.path.path}}"
      destination:
        server: https://kubernetes.default.svc
        namespace: "team-${s % projects}-{{.path.basename}}"
` : `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: clusters-${s}
  namespace: argocd
spec:
  generators:
    - matrix:
        generators:
          - list:
              elements:
${Array.from({ length: 20 }, (_, c) => `                - cluster: cluster-${c}\n                  url: https://cluster-${c}.example.com`).join('\n')}
          - git:
              repoURL: https://git.example.com/platform/monorepo.git
              revision: main
              directories:
                - path: apps/app-${s}
  template:
    metadata:
      name: "{{cluster}}-{{path.basename}}"
    spec:
      project: project-${s % projects}
      source:
        repoURL: https://git.example.com/platform/monorepo.git
        targetRevision: main
        path: "{{path}}"
      destination:
        server: "{{url}}"
        namespace: "team-${s % projects}-{{path.basename}}"
`));
  return { edit };
}

// 3. Policies over resources: 100 policies (60 Kyverno ClusterPolicies, 20 namespaced Policies, 20
// ValidatingAdmissionPolicies with their bindings) and Deployments, Services, ConfigMaps in 50-object files.
function policies() {
  const kinds = ['Deployment', 'Service', 'ConfigMap'];
  const clusterPolicy = (i) => {
    const rules = [];
    const kind = kinds[i % 3];
    const match = `      match:\n        any:\n          - resources:\n              kinds:\n                - ${kind}\n`;
    switch (i % 6) {
      case 0: rules.push(`    - name: require-label-${i}\n${match}      validate:\n        message: "label team-${i} is required"\n        pattern:\n          metadata:\n            labels:\n              app.kubernetes.io/name: "?*"\n`); break;
      case 1: rules.push(`    - name: any-pattern-${i}\n${match}      validate:\n        message: "one of the annotations is required"\n        anyPattern:\n          - metadata:\n              labels:\n                app.kubernetes.io/name: "?*"\n          - metadata:\n              annotations:\n                owner-${i}: "?*"\n`); break;
      case 2: rules.push(`    - name: deny-${i}\n${match}      preconditions:\n        all:\n          - key: "{{ request.object.metadata.name }}"\n            operator: NotEquals\n            value: "forbidden-${i}"\n      validate:\n        message: "name is reserved"\n        deny:\n          conditions:\n            any:\n              - key: "{{ request.object.metadata.namespace || '' }}"\n                operator: AnyIn\n                value: ["kube-system", "reserved-${i}"]\n`); break;
      case 3: rules.push(`    - name: cel-${i}\n${match}      validate:\n        cel:\n          expressions:\n            - expression: "!has(object.metadata.labels) || !('forbidden-${i}' in object.metadata.labels)"\n              message: "forbidden label"\n            - expression: "object.metadata.name.size() < 200 && !object.metadata.name.startsWith('tmp-${i}')"\n              message: "name too long or temporary"\n`); break;
      case 4: rules.push(`    - name: foreach-${i}\n      match:\n        any:\n          - resources:\n              kinds:\n                - Deployment\n      validate:\n        message: "images come from the registry"\n        foreach:\n          - list: "request.object.spec.template.spec.containers"\n            pattern:\n              image: "registry.example.com/*"\n`); break;
      case 5: rules.push(`    - name: mutate-${i}\n${match}      mutate:\n        patchStrategicMerge:\n          metadata:\n            labels:\n              +(policy-${i}): applied\n`); break;
    }
    return `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: policy-${i}
  annotations:
    policies.kyverno.io/title: Policy ${i}
spec:
  validationFailureAction: Audit
  background: true
  rules:
${rules.join('')}`;
  };
  const policyFiles = [];
  for (let i = 0; i < 60; i++) { write(`policies/cluster/policy-${i}.yaml`, clusterPolicy(i)); policyFiles.push(`cluster/policy-${i}.yaml`); }
  for (let i = 0; i < 20; i++) {
    write(`policies/namespaced/policy-${i}.yaml`, `apiVersion: kyverno.io/v1
kind: Policy
metadata:
  name: ns-policy-${i}
  namespace: team-${i % 10}
spec:
  validationFailureAction: Audit
  rules:
    - name: resources-${i}
      match:
        any:
          - resources:
              kinds:
                - Deployment
      validate:
        message: "memory limits are required"
        pattern:
          spec:
            template:
              spec:
                containers:
                  - resources:
                      limits:
                        memory: "?*"
`);
    policyFiles.push(`namespaced/policy-${i}.yaml`);
  }
  for (let i = 0; i < 20; i++) {
    write(`policies/admission/vap-${i}.yaml`, [`apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: vap-${i}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["deployments"]
  variables:
    - name: replicas
      expression: "has(object.spec.replicas) ? object.spec.replicas : 1"
  validations:
    - expression: "variables.replicas <= ${5 + i}"
      message: "at most ${5 + i} replicas"
    - expression: "object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/'))"
      messageExpression: "'images must come from the registry, not ' + object.spec.template.spec.containers[0].image"
`, `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: vap-${i}-binding
spec:
  policyName: vap-${i}
  validationActions: [Audit]
`]);
    policyFiles.push(`admission/vap-${i}.yaml`);
  }
  write('policies/kustomization.yaml', kustomization(policyFiles), 0);
  const perFile = 51;
  const groups = Math.max(1, Math.round((resources - 120) / perFile));
  let edit = null;
  const folders = [];
  for (let g = 0; g < groups; g++) {
    const ns = `team-${g % 10}`;
    const docs = [];
    for (let i = 0; i < perFile / 3; i++) {
      const name = `svc-${g}-${i}`;
      docs.push(deployment(name, ns), service(name, ns), configMap(`${name}-env`, ns));
    }
    write(`apps/group-${g}/resources.yaml`, docs);
    write(`apps/group-${g}/kustomization.yaml`, kustomization(['resources.yaml']), 0);
    folders.push(`group-${g}`);
    if (g === Math.floor(groups / 2)) edit = `apps/group-${g}/resources.yaml`;
  }
  write('apps/kustomization.yaml', kustomization(folders), 0);
  write('clusters/prod/sync.yaml', [gitRepository, fluxKustomization('policies', 'policies'), fluxKustomization('apps', 'apps')]);
  return { edit, policy: 'policies/cluster/policy-3.yaml' };
}

// 4. Secrets: per 10 objects 3 SealedSecrets, 3 ExternalSecrets, 2 SOPS Secrets, 2 ConfigMaps with secret-looking values
// in long texts; one ConfigMap of 100 KB-1 MB per 500 objects.
function secrets() {
  const groups = Math.max(1, Math.round(resources / 10));
  let edit = null;
  const folders = [];
  write('infrastructure/secret-store.yaml', `apiVersion: external-secrets.io/v1beta1
kind: ClusterSecretStore
metadata:
  name: vault
spec:
  provider:
    vault:
      server: https://vault.example.com
      path: secret
      version: v2
      auth:
        kubernetes:
          mountPath: kubernetes
          role: external-secrets
`);
  for (let g = 0; g < groups; g++) {
    const ns = `team-${g % 50}`;
    const docs = [];
    for (let i = 0; i < 3; i++) docs.push(`apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: sealed-${g}-${i}
  namespace: ${ns}
spec:
  encryptedData:
    username: ${randomText(340)}==
    password: ${randomText(340)}==
    token: ${randomText(680)}=
  template:
    metadata:
      name: sealed-${g}-${i}
      namespace: ${ns}
    type: Opaque
`);
    for (let i = 0; i < 3; i++) docs.push(`apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: external-${g}-${i}
  namespace: ${ns}
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: vault
  target:
    name: external-${g}-${i}
    creationPolicy: Owner
  data:
    - secretKey: password
      remoteRef:
        key: teams/${ns}/app-${g}
        property: password
  dataFrom:
    - extract:
        key: teams/${ns}/app-${g}/env
`);
    for (let i = 0; i < 2; i++) docs.push(`apiVersion: v1
kind: Secret
metadata:
  name: sops-${g}-${i}
  namespace: ${ns}
type: Opaque
data:
  api-key: ENC[AES256_GCM,data:${randomText(60)},iv:${randomText(43)}=,tag:${randomText(22)}==,type:str]
  db-url: ENC[AES256_GCM,data:${randomText(120)},iv:${randomText(43)}=,tag:${randomText(22)}==,type:str]
sops:
  kms:
    - arn: arn:aws:kms:eu-west-1:123456789012:key/${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}
      created_at: "2026-11-30T10:00:00Z"
      enc: ${randomText(180)}
  lastmodified: "2026-11-30T10:00:00Z"
  mac: ENC[AES256_GCM,data:${randomText(88)},iv:${randomText(43)}=,tag:${randomText(22)}==,type:str]
  version: 3.9.1
`);
    for (let i = 0; i < 2; i++) {
      const text = Array.from({ length: 40 }, (_, l) => l % 10 === 3
        ? `    client_secret = "${randomText(40)}"`
        : `    setting_${l} = "value ${l} for ${ns} with some ordinary words in it"`).join('\n');
      docs.push(configMap(`settings-${g}-${i}`, ns, `  app.ini: |\n${text}\n  API_TOKEN_HINT: ${randomText(32)}\n  CHECKSUM: sha256:${hex(64)}\n  DESCRIPTION: ${'lorem ipsum dolor sit amet '.repeat(20)}\n`));
    }
    if (g % 50 === 0) {
      // 100 KB to 1 MB of data in many keys, some long lines.
      const kb = 100 + (g / 50 % 10) * 100;
      const keys = Math.round(kb * 1024 / 600);
      const data = Array.from({ length: keys }, (_, k) => k % 7 === 0
        ? `  blob-${k}: ${randomText(580)}\n`
        : `  key-${k}.conf: |\n${Array.from({ length: 8 }, (_, l) => `    line ${l} of key ${k}: ${'x'.repeat(50)}`).join('\n')}\n`).join('');
      docs.push(configMap(`large-${g}`, ns, data));
    }
    const folder = `teams/${ns}/group-${g}`;
    write(`${folder}/secrets.yaml`, docs);
    write(`${folder}/kustomization.yaml`, kustomization(['secrets.yaml']), 0);
    folders.push(`group-${g}`);
    if (g === Math.floor(groups / 2)) edit = `${folder}/secrets.yaml`;
  }
  write('clusters/prod/sync.yaml', [gitRepository, ...Array.from({ length: Math.min(50, groups) }, (_, t) => fluxKustomization(`team-${t}`, `teams/team-${t}`))]);
  for (let t = 0; t < Math.min(50, groups); t++) {
    const inTeam = [];
    for (let g = t; g < groups; g += 50) inTeam.push(`group-${g}`);
    write(`teams/team-${t}/kustomization.yaml`, kustomization(inTeam), 0);
  }
  return { edit };
}

// 5. CRDs and custom resources: one CRD file per 25 objects (at most 400), each with a schema of ~40 properties;
// custom resources of those kinds and cert-manager Certificates, Flagger Canaries, PrometheusRules, 40 to a file.
function crds() {
  const crdCount = Math.max(4, Math.min(400, Math.round(resources / 25)));
  const kinds = [];
  for (let c = 0; c < crdCount; c++) {
    const kind = `Widget${c}`;
    const group = `g${c % 20}.example.com`;
    kinds.push({ kind, group });
    const properties = Array.from({ length: 12 }, (_, p) => `                  field${p}:
                    type: ${['string', 'integer', 'boolean'][p % 3]}
                    description: Field ${p} of ${kind}.
`).join('');
    write(`crds/${group}/${kind.toLowerCase()}.yaml`, `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${kind.toLowerCase()}s.${group}
spec:
  group: ${group}
  scope: Namespaced
  names:
    kind: ${kind}
    listKind: ${kind}List
    plural: ${kind.toLowerCase()}s
    singular: ${kind.toLowerCase()}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: ["size"]
              properties:
                size:
                  type: integer
                  minimum: 1
                  maximum: 100
                mode:
                  type: string
                  enum: ["fast", "safe", "off"]
                selector:
                  type: object
                  additionalProperties:
                    type: string
                endpoints:
                  type: array
                  items:
                    type: object
                    required: ["url"]
                    properties:
                      url:
                        type: string
                        pattern: "^https?://"
                      weight:
                        type: integer
                config:
                  type: object
                  properties:
${properties}            status:
              type: object
              x-kubernetes-preserve-unknown-fields: true
`, 1);
  }
  const perFile = 40;
  const groups = Math.max(1, Math.round((resources - crdCount) / perFile));
  let edit = null;
  const longExpr = (i) => `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace=~"team-.*",container!="",image!=""}[5m])) / on (namespace, pod) group_left sum by (namespace, pod) (kube_pod_container_resource_limits{resource="cpu",namespace=~"team-.*"}) > 0.${8 + i % 2} and on (namespace) (kube_namespace_labels{label_tier="critical"} == 1)`;
  for (let g = 0; g < groups; g++) {
    const ns = `team-${g % 20}`;
    const docs = [];
    for (let i = 0; i < perFile; i++) {
      const n = `${g}-${i}`;
      switch (i % 4) {
        case 0: case 1: {
          const { kind, group } = kinds[(g * perFile + i) % kinds.length];
          docs.push(`apiVersion: ${group}/v1
kind: ${kind}
metadata:
  name: widget-${n}
  namespace: ${ns}
spec:
  size: ${1 + i}
  mode: ${i % 8 === 0 ? 'fast' : 'safe'}
  selector:
    app: widget-${n}
  endpoints:
    - url: https://widget-${n}.example.com
      weight: 10
  config:
    field0: value
    field1: ${i}
    field2: true
`);
          break;
        }
        case 2: docs.push(i % 8 === 2 ? `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: cert-${n}
  namespace: ${ns}
spec:
  secretName: cert-${n}-tls
  duration: 2160h
  renewBefore: 360h
  dnsNames:
    - app-${n}.example.com
    - www.app-${n}.example.com
  issuerRef:
    name: letsencrypt
    kind: ClusterIssuer
    group: cert-manager.io
  privateKey:
    algorithm: ECDSA
    size: 256
` : `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: canary-${n}
  namespace: ${ns}
spec:
  targetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: canary-${n}
  service:
    port: 80
    targetPort: 8080
  analysis:
    interval: 1m
    threshold: 5
    maxWeight: 50
    stepWeight: 10
    metrics:
      - name: request-success-rate
        thresholdRange:
          min: 99
        interval: 1m
      - name: request-duration
        thresholdRange:
          max: 500
        interval: 30s
`); break;
        case 3: docs.push(`apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: rules-${n}
  namespace: ${ns}
spec:
  groups:
    - name: group-${n}
      rules:
${Array.from({ length: 6 }, (_, r) => `        - alert: HighCpu${r}
          expr: ${longExpr(r)}
          for: 10m
          labels:
            severity: ${r % 2 ? 'warning' : 'critical'}
          annotations:
            summary: "CPU of {{ $labels.namespace }}/{{ $labels.pod }} is {{ $value | humanizePercentage }} of its limit"
`).join('')}`); break;
      }
    }
    write(`resources/group-${g}.yaml`, docs);
    if (g === Math.floor(groups / 2)) edit = `resources/group-${g}.yaml`;
  }
  return { edit, crds: crdCount };
}

// 6. One file of N mixed documents (Deployments, Services, ConfigMaps, Ingresses, HelmReleases, Secrets, Jobs).
function bigfile() {
  const docs = [];
  for (let i = 0; i < resources; i++) {
    const name = `item-${i}`;
    switch (i % 7) {
      case 0: docs.push(deployment(name)); break;
      case 1: docs.push(service(name)); break;
      case 2: docs.push(configMap(`${name}-env`)); break;
      case 3: docs.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
spec:
  ingressClassName: nginx
  rules:
    - host: ${name}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: item-${i - 2}
                port:
                  name: http
`); break;
      case 4: docs.push(`apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      version: ">=6.0.0"
      sourceRef:
        kind: HelmRepository
        name: podinfo
  values:
    replicaCount: 2
`); break;
      case 5: docs.push(`apiVersion: v1
kind: Secret
metadata:
  name: ${name}
type: Opaque
stringData:
  password: ${randomText(24)}
`); break;
      case 6: docs.push(`apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: job
          image: registry.example.com/jobs:2.1.0
          args: ["--once", "--item=${i}"]
`); break;
    }
  }
  write('all.yaml', docs);
  return { edit: 'all.yaml' };
}

// 7. The same apps in 50 clusters' folders: clusters/<cluster>/ holds a Flux sync, Namespaces (one per app) and a copy
// of each app (Deployment, Service, ConfigMap) under its own name, so each name exists once per cluster.
function clusters() {
  const clusterCount = 50;
  const perCluster = Math.max(8, Math.round(resources / clusterCount));
  const appsPerCluster = Math.max(1, Math.floor((perCluster - 2) / 4));
  let edit = null;
  for (let c = 0; c < clusterCount; c++) {
    const cluster = `cluster-${String(c).padStart(2, '0')}`;
    const namespaces = [];
    const appFolders = [];
    for (let a = 0; a < appsPerCluster; a++) {
      const app = `app-${a}`;
      namespaces.push(`apiVersion: v1
kind: Namespace
metadata:
  name: ${app}
  labels:
    cluster: ${cluster}
`);
      write(`clusters/${cluster}/apps/${app}/app.yaml`, [deployment(app, app, `registry.example.com/${app}:1.${c % 5}.0`), service(app, app), configMap(`${app}-env`, app, `  CLUSTER: ${cluster}\n  LOG_LEVEL: info\n`)]);
      write(`clusters/${cluster}/apps/${app}/kustomization.yaml`, kustomization(['app.yaml']), 0);
      appFolders.push(`apps/${app}`);
      if (c === clusterCount / 2 && a === Math.floor(appsPerCluster / 2)) edit = `clusters/${cluster}/apps/${app}/app.yaml`;
    }
    write(`clusters/${cluster}/namespaces.yaml`, namespaces);
    write(`clusters/${cluster}/kustomization.yaml`, kustomization(['namespaces.yaml', ...appFolders]), 0);
    write(`clusters/${cluster}/flux-system/gotk-sync.yaml`, [gitRepository, fluxKustomization('apps', `clusters/${cluster}`)]);
  }
  return { edit, clusters: clusterCount };
}

const result = shapes[args.shape]();
console.log(JSON.stringify({ shape: args.shape, out, files, resources: objects, lines, megabytes: +(bytes / 1048576).toFixed(1), ...result }));
