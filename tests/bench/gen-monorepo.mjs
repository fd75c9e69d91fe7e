#!/usr/bin/env node
// Generates a Flux + kustomize monorepo on disk, the shape platform teams keep every cluster in (issue 13):
//   clusters/<env>/apps.yaml            Flux Kustomizations, one per app, pointing at apps/<team>/<app>/overlays/<env>
//   apps/<team>/<app>/base/             kustomization + Deployments/ServiceAccounts, Services/ConfigMaps, a HelmRelease
//   apps/<team>/<app>/overlays/<env>/   namespace, images, a replicas patch, a configMapGenerator
//   platform/base/                      a shared base (NetworkPolicy, LimitRange) that ~400 overlays list
//   components/common/kustomization.yaml a shared kind: Component that the same ~400 overlays use
// About 200 resources per app, 8 files per app (the prod overlay's patch is a file, the others inline): 50,000 resources (the default) are ~2,000 files.
// Usage: node tests/bench/gen-monorepo.mjs --out DIR [--resources 50000] [--shared 400]
// Prints the repository's figures and the two files the latency bench edits (a leaf manifest, the shared component).
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
if (!args.out) { console.error('usage: node gen-monorepo.mjs --out DIR [--resources 50000] [--shared 400]'); process.exit(2); }
const out = args.out;
const resources = Number(args.resources ?? 50000);
const sharedUsers = Number(args.shared ?? 400);
const envs = ['dev', 'staging', 'prod'];
const perApp = 200;
const apps = Math.max(1, Math.round(resources / perApp));
const teams = Math.max(1, Math.round(apps / 10));
// Per app: 3 Flux Kustomizations + 1 HelmRelease in files; the rest split between workloads and services.
const pairs = Math.max(1, Math.floor((perApp - 4) / 4)); // Deployment+ServiceAccount in one file, Service+ConfigMap in the other

rmSync(out, { recursive: true, force: true });
let files = 0;
let objects = 0;
let lines = 0;
function write(path, docs) {
  const text = (Array.isArray(docs) ? docs.join('---\n') : docs);
  mkdirSync(join(out, path, '..'), { recursive: true });
  writeFileSync(join(out, path), text);
  files++;
  lines += text.split('\n').length - 1;
}
const countObjects = (n) => { objects += n; };

function deployment(app, i) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}-worker-${i}
  labels:
    app.kubernetes.io/name: ${app}-worker-${i}
    app.kubernetes.io/part-of: ${app}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}-worker-${i}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}-worker-${i}
        app.kubernetes.io/part-of: ${app}
    spec:
      serviceAccountName: ${app}-worker-${i}
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: worker
          image: registry.example.com/${app}/worker:1.0.${i}
          ports:
            - containerPort: 8080
              name: http
          envFrom:
            - configMapRef:
                name: ${app}-settings-${i}
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
            limits:
              memory: 128Mi
          readinessProbe:
            httpGet:
              path: /ready
              port: http
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
`;
}
const serviceAccount = (app, i) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app}-worker-${i}
automountServiceAccountToken: false
`;
const service = (app, i) => `apiVersion: v1
kind: Service
metadata:
  name: ${app}-worker-${i}
spec:
  selector:
    app.kubernetes.io/name: ${app}-worker-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
const configMap = (app, i) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-settings-${i}
data:
  LOG_LEVEL: info
  UPSTREAM: http://${app}-worker-${(i + 1) % pairs}
`;
const helmRelease = (app) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${app}-cache
spec:
  interval: 10m
  chart:
    spec:
      chart: redis
      version: 18.x
      sourceRef:
        kind: HelmRepository
        name: bitnami
        namespace: flux-system
  values:
    architecture: standalone
    auth:
      enabled: false
`;

// The shared base and component (counted once: kustomize renders them into every overlay that uses them).
write('platform/base/kustomization.yaml', `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - network-policy.yaml
  - limit-range.yaml
`);
write('platform/base/network-policy.yaml', `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
spec:
  podSelector: {}
  policyTypes: ["Ingress"]
`);
write('platform/base/limit-range.yaml', `apiVersion: v1
kind: LimitRange
metadata:
  name: default-limits
spec:
  limits:
    - type: Container
      defaultRequest:
        cpu: 50m
        memory: 64Mi
`);
countObjects(2);
write('components/common/kustomization.yaml', `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
labels:
  - includeSelectors: false
    pairs:
      platform.example.com/managed: "true"
configMapGenerator:
  - behavior: create
    name: common-env
    literals:
      - CLUSTER_DOMAIN=cluster.local
      - TRACING_ENDPOINT=http://otel-collector.observability:4317
  - behavior: create
    name: common-ca
    literals:
      - CA_BUNDLE_NAME=corp-ca
images:
  - newTag: "1.27.3"
    name: nginx
  - newTag: "0.9.1"
    name: envoy
patches:
  - target:
      kind: Deployment
    patch: |-
      - op: add
        path: /spec/template/metadata/annotations
        value:
          platform.example.com/scrape: "true"
`);

write('infrastructure/helm-repositories.yaml', `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: bitnami
  namespace: flux-system
spec:
  interval: 1h
  url: https://charts.bitnami.com/bitnami
`);
countObjects(1);

const fluxByEnv = Object.fromEntries(envs.map((e) => [e, []]));
let overlayIndex = 0;
let leaf = null;
for (let a = 0; a < apps; a++) {
  const team = `team-${a % teams}`;
  const app = `app-${a}`;
  const dir = `apps/${team}/${app}`;
  write(`${dir}/base/kustomization.yaml`, `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - workloads.yaml
  - services.yaml
  - helmrelease.yaml
labels:
  - includeSelectors: false
    pairs:
      app.kubernetes.io/part-of: ${app}
`);
  const workloads = [];
  const services = [];
  for (let i = 0; i < pairs; i++) {
    workloads.push(deployment(app, i), serviceAccount(app, i));
    services.push(service(app, i), configMap(app, i));
  }
  write(`${dir}/base/workloads.yaml`, workloads);
  write(`${dir}/base/services.yaml`, services);
  write(`${dir}/base/helmrelease.yaml`, helmRelease(app));
  countObjects(workloads.length + services.length + 1);
  if (a === Math.floor(apps / 2)) leaf = `${dir}/base/services.yaml`;

  for (const env of envs) {
    const shared = overlayIndex++ < sharedUsers;
    write(`${dir}/overlays/${env}/kustomization.yaml`, `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${app}-${env}
resources:
  - ../../base
${shared ? '  - ../../../../../platform/base\n' : ''}${shared ? 'components:\n  - ../../../../../components/common\n' : ''}images:
  - name: registry.example.com/${app}/worker
    newTag: ${env}-2026.12.${a % 28 + 1}
patches:
${env === 'prod' ? '  - path: replicas.yaml\n    target:\n      kind: Deployment\n' : '  - target:\n      kind: Deployment\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 1\n'}configMapGenerator:
  - name: ${app}-${env}-flags
    literals:
      - ENVIRONMENT=${env}
      - FEATURE_X=${env === 'prod' ? 'off' : 'on'}
`);
    if (env === 'prod') write(`${dir}/overlays/${env}/replicas.yaml`, `- op: replace
  path: /spec/replicas
  value: 3
`);
    fluxByEnv[env].push(`apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${app}
  namespace: flux-system
spec:
  interval: 10m
  path: ./${dir}/overlays/${env}
  prune: true
  targetNamespace: ${app}-${env}
  sourceRef:
    kind: GitRepository
    name: flux-system
`);
  }
}
for (const env of envs) {
  write(`clusters/${env}/apps.yaml`, fluxByEnv[env]);
  write(`clusters/${env}/flux-system/gotk-sync.yaml`, `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  ref:
    branch: main
  url: ssh://git@example.com/platform/monorepo
`);
  countObjects(fluxByEnv[env].length + 1);
}

console.log(JSON.stringify({ out, apps, teams, files, resources: objects, lines, sharedUsers: Math.min(sharedUsers, overlayIndex), leaf, shared: 'components/common/kustomization.yaml' }));
