#!/usr/bin/env node
// Generates a repository in one kustomize shape our monorepo generator (gen-monorepo.mjs) does not try, so the CLI and
// the language server can be timed at growing sizes of it (issue 13: held-out repositories are shaped differently).
// --resources N is about the number of rendered objects; every shape grows the thing it is named after with N:
//   flat-files   one kustomization listing N resource files in one folder, one object each
//   flat-docs    one kustomization listing one file of N documents
//   deep-chain   a base of N objects under a chain of 15 overlays, each overlay adding a patch
//   wide-base    N/200 overlays of the same 200-object base
//   patch-many   one overlay over a base of N objects: patches with kind, labelSelector and name-regex targets
//                (strategic merge and JSON 6902), replacements over many targets, namePrefix/nameSuffix, labels,
//                commonLabels and namespace
//   generators   one kustomization with N/5 configMapGenerator/secretGenerator entries (files, envs, literals) and
//                workloads referring to the generated names
//   components   N/145 overlays of a 100-object base, each listing 15 of 60 components that each include one more
//   flux         N/10 Flux Kustomizations (10 objects each) in dependsOn chains, with postBuild.substitute,
//                substituteFrom and patches
// Usage: node tests/bench/gen-kustomize-shapes.mjs --shape NAME --resources N --out DIR
// Prints the shape's figures (files, written and rendered objects) and the files worth editing: a leaf manifest and
// the most-shared kustomization.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const shapes = ['flat-files', 'flat-docs', 'deep-chain', 'wide-base', 'patch-many', 'generators', 'components', 'flux'];
if (!args.out || !shapes.includes(args.shape)) {
  console.error(`usage: node gen-kustomize-shapes.mjs --shape ${shapes.join('|')} --resources N --out DIR`);
  process.exit(2);
}
const out = args.out;
const resources = Number(args.resources ?? 1000);

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, '.git'), { recursive: true }); // the repository root, as `check` finds it
let files = 0;
let written = 0;
let rendered = 0;
function write(path, docs) {
  const text = Array.isArray(docs) ? docs.join('---\n') : docs;
  mkdirSync(join(out, path, '..'), { recursive: true });
  writeFileSync(join(out, path), text);
  files++;
}
const list = (items, indent = '  ') => items.map((i) => `${indent}- ${i}`).join('\n');

// Three object kinds in turn: a Deployment reading a ConfigMap, its Service, the ConfigMap.
function object(i, prefix = 'svc') {
  const name = `${prefix}-${Math.floor(i / 3)}`;
  const tier = ['web', 'api', 'batch'][Math.floor(i / 3) % 3];
  switch (i % 3) {
    case 0: return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
    tier: ${tier}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        tier: ${tier}
    spec:
      containers:
        - name: main
          image: registry.example.com/${prefix}/main:1.0.${i % 50}
          ports:
            - containerPort: 8080
          envFrom:
            - configMapRef:
                name: ${name}-settings
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
            limits:
              memory: 128Mi
`;
    case 1: return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels:
    app: ${name}
    tier: ${tier}
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: 8080
`;
    default: return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-settings
  labels:
    app: ${name}
    tier: ${tier}
data:
  LOG_LEVEL: info
  REGION: eu-west-1
`;
  }
}
const objects = (n, prefix) => Array.from({ length: n }, (_, i) => object(i, prefix));
const kustomization = (body) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
const component = (body) => `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n${body}`;

// Writes a base of n objects in files of 50 documents; returns the file names.
function base(dir, n, prefix) {
  const names = [];
  for (let start = 0; start < n; start += 50) {
    const name = `objects-${start / 50}.yaml`;
    write(`${dir}/${name}`, Array.from({ length: Math.min(50, n - start) }, (_, k) => object(start + k, prefix)));
    names.push(name);
  }
  write(`${dir}/kustomization.yaml`, kustomization(`resources:\n${list(names)}\n`));
  written += n;
  return names;
}

const replicasPatch = (name, replicas) => `  - target:
      kind: Deployment
      name: ${name}
    patch: |-
      - op: replace
        path: /spec/replicas
        value: ${replicas}
`;

let leaf;
let shared;
const shape = args.shape;
if (shape === 'flat-files') {
  const names = [];
  for (let i = 0; i < resources; i++) {
    names.push(`object-${i}.yaml`);
    write(`flat/object-${i}.yaml`, object(i));
  }
  write('flat/kustomization.yaml', kustomization(`namespace: flat\nresources:\n${list(names)}\n`));
  written = rendered = resources;
  leaf = 'flat/object-3.yaml';
  shared = 'flat/kustomization.yaml';
} else if (shape === 'flat-docs') {
  write('flat/objects.yaml', objects(resources));
  write('flat/kustomization.yaml', kustomization('namespace: flat\nresources:\n  - objects.yaml\n'));
  written = rendered = resources;
  leaf = 'flat/objects.yaml';
  shared = 'flat/kustomization.yaml';
} else if (shape === 'deep-chain') {
  const depth = 15;
  base('chain/base', resources);
  let below = '../base';
  for (let level = 1; level <= depth; level++) {
    const dir = `chain/level-${level}`;
    write(`${dir}/kustomization.yaml`, kustomization(`resources:
  - ${below}
commonAnnotations:
  chain.example.com/level-${level}: "true"
patches:
${replicasPatch(`svc-${level}`, level)}  - target:
      kind: Service
    patch: |-
      - op: add
        path: /metadata/annotations/level-${level}
        value: "${level}"
  - path: patch.yaml
`));
    write(`${dir}/patch.yaml`, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-${level + 20}
spec:
  template:
    spec:
      containers:
        - name: main
          env:
            - name: LEVEL
              value: "${level}"
`);
    below = `../level-${level}`;
  }
  rendered = resources;
  leaf = 'chain/base/objects-0.yaml';
  shared = 'chain/level-1/kustomization.yaml';
} else if (shape === 'wide-base') {
  const baseSize = 200;
  base('wide/base', baseSize);
  const overlays = Math.max(1, Math.round(resources / baseSize));
  for (let o = 0; o < overlays; o++) {
    write(`wide/overlays/o-${o}/kustomization.yaml`, kustomization(`namespace: tenant-${o}
resources:
  - ../../base
nameSuffix: -t${o}
patches:
${replicasPatch(`svc-${o % 60}`, 3)}`));
    written++;
  }
  rendered = overlays * baseSize;
  leaf = 'wide/base/objects-0.yaml';
  shared = 'wide/base/kustomization.yaml';
} else if (shape === 'patch-many') {
  base('many/base', resources);
  write('many/overlay/kustomization.yaml', kustomization(`resources:
  - ../base
namespace: many
namePrefix: prod-
nameSuffix: -v2
commonLabels:
  env: prod
labels:
  - includeSelectors: false
    pairs:
      team: platform
patches:
  - target:
      kind: Deployment
    patch: |-
      - op: add
        path: /spec/template/metadata/annotations
        value:
          prometheus.io/scrape: "true"
  - target:
      labelSelector: tier=web
    patch: |-
      - op: add
        path: /metadata/annotations/exposure
        value: public
  - target:
      kind: ConfigMap
      name: svc-.*1-settings
    patch: |-
      - op: replace
        path: /data/LOG_LEVEL
        value: debug
  - path: resources-patch.yaml
    target:
      kind: Deployment
      labelSelector: tier in (api,batch)
  - path: service-patch.yaml
replacements:
  - source:
      kind: ConfigMap
      name: svc-0-settings
      fieldPath: data.REGION
    targets:
      - select:
          kind: Deployment
        fieldPaths:
          - spec.template.metadata.labels.region
        options:
          create: true
      - select:
          kind: Service
          labelSelector: tier=api
        fieldPaths:
          - metadata.annotations.region
        options:
          create: true
`));
  write('many/overlay/resources-patch.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: not-used
spec:
  template:
    spec:
      containers:
        - name: main
          resources:
            limits:
              memory: 256Mi
`);
  write('many/overlay/service-patch.yaml', `apiVersion: v1
kind: Service
metadata:
  name: svc-1
spec:
  type: ClusterIP
`);
  rendered = resources;
  leaf = 'many/base/objects-0.yaml';
  shared = 'many/overlay/kustomization.yaml';
} else if (shape === 'generators') {
  // Per 10 rendered objects: a ConfigMap from a file and an env file, a Secret from literals, and 8 written objects
  // (4 Deployments reading the generated names by envFrom, env valueFrom and volumes, 4 Services).
  const groups = Math.max(1, Math.round(resources / 10));
  const generators = [];
  const secrets = [];
  const docs = [];
  for (let g = 0; g < groups; g++) {
    write(`gen/files/app-${g}.properties`, `name=app-${g}\nthreads=${g % 8}\n`);
    write(`gen/envs/app-${g}.env`, `REGION=eu-west-${g % 3}\nLOG_LEVEL=info\n`);
    generators.push(`  - name: app-${g}-config
    files:
      - files/app-${g}.properties
    envs:
      - envs/app-${g}.env`);
    secrets.push(`  - name: app-${g}-credentials
    literals:
      - username=app-${g}
      - password=not-a-real-password-${g}`);
    for (let k = 0; k < 4; k++) {
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${g}-worker-${k}
spec:
  selector:
    matchLabels:
      app: app-${g}-worker-${k}
  template:
    metadata:
      labels:
        app: app-${g}-worker-${k}
    spec:
      containers:
        - name: main
          image: registry.example.com/app-${g}:1.${k}
          envFrom:
            - configMapRef:
                name: app-${g}-config
          env:
            - name: PASSWORD
              valueFrom:
                secretKeyRef:
                  name: app-${g}-credentials
                  key: password
          volumeMounts:
            - name: config
              mountPath: /etc/app
      volumes:
        - name: config
          configMap:
            name: app-${g}-config
`, `apiVersion: v1
kind: Service
metadata:
  name: app-${g}-worker-${k}
spec:
  selector:
    app: app-${g}-worker-${k}
  ports:
    - port: 80
`);
    }
  }
  write('gen/workloads.yaml', docs);
  write('gen/kustomization.yaml', kustomization(`namespace: gen
resources:
  - workloads.yaml
configMapGenerator:
${generators.join('\n')}
secretGenerator:
${secrets.join('\n')}
`));
  written = groups * 8;
  rendered = groups * 10;
  leaf = 'gen/workloads.yaml';
  shared = 'gen/kustomization.yaml';
} else if (shape === 'components') {
  const baseSize = 100;
  const pool = 60;
  const perOverlay = 30;
  base('comp/base', baseSize);
  // Component c includes component c+1 (pool 0..59 nests in pairs: 2k includes 2k+1), adds a label, a ConfigMap and a patch.
  for (let c = 0; c < pool; c++) {
    const includes = c % 2 === 0 ? `components:\n  - ../c-${c + 1}\n` : '';
    write(`comp/components/c-${c}/kustomization.yaml`, component(`${includes}resources:
  - configmap.yaml
labels:
  - includeSelectors: false
    pairs:
      feature-${c}: "on"
patches:
  - target:
      kind: Deployment
      name: svc-${c % 33}
    patch: |-
      - op: add
        path: /metadata/annotations/feature-${c}
        value: "on"
`));
    write(`comp/components/c-${c}/configmap.yaml`, `apiVersion: v1
kind: ConfigMap
metadata:
  name: feature-${c}
data:
  enabled: "true"
`);
    written++;
  }
  const overlays = Math.max(1, Math.round(resources / (baseSize + perOverlay * 1.5)));
  for (let o = 0; o < overlays; o++) {
    const used = Array.from({ length: perOverlay / 2 }, (_, k) => `../../components/c-${(2 * (o + k)) % pool}`);
    write(`comp/overlays/o-${o}/kustomization.yaml`, kustomization(`namespace: tenant-${o}
resources:
  - ../../base
components:
${list(used)}
`));
    rendered += baseSize + perOverlay;
  }
  leaf = 'comp/base/objects-0.yaml';
  shared = 'comp/components/c-1/kustomization.yaml';
} else if (shape === 'flux') {
  // Apps of 10 objects with ${VAR} placeholders; one Flux Kustomization per app, in chains of 50 by dependsOn.
  const apps = Math.max(1, Math.round(resources / 10));
  const fluxDocs = [];
  write('infrastructure/cluster-vars.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-vars
  namespace: flux-system
data:
  CLUSTER: prod
  DOMAIN: example.com
`);
  for (let a = 0; a < apps; a++) {
    const dir = `apps/app-${a}`;
    write(`${dir}/objects.yaml`, Array.from({ length: 10 }, (_, i) => object(i, `app-${a}`)
      .replace('LOG_LEVEL: info', 'LOG_LEVEL: ${LOG_LEVEL:=info}\n  CLUSTER: ${CLUSTER}\n  DOMAIN: ${APP}.${DOMAIN}')));
    write(`${dir}/kustomization.yaml`, kustomization('resources:\n  - objects.yaml\n'));
    const dependsOn = a % 50 === 0 ? '' : `  dependsOn:\n    - name: app-${a - 1}\n`;
    fluxDocs.push(`apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: app-${a}
  namespace: flux-system
spec:
  interval: 10m
  path: ./${dir}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  targetNamespace: app-${a}
${dependsOn}  postBuild:
    substitute:
      APP: app-${a}
    substituteFrom:
      - kind: ConfigMap
        name: cluster-vars
  patches:
    - target:
        kind: Deployment
      patch: |-
        - op: replace
          path: /spec/replicas
          value: ${1 + (a % 3)}
`);
  }
  write('clusters/prod/apps.yaml', fluxDocs);
  written = apps * 11 + 1;
  rendered = apps * 10;
  leaf = 'apps/app-1/objects.yaml';
  shared = 'clusters/prod/apps.yaml';
}

console.log(JSON.stringify({ out, shape, files, writtenObjects: written, renderedObjects: rendered, leaf, shared }));
