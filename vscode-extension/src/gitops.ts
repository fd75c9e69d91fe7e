// Whether a workspace or a YAML document is one the server should look at. No `vscode` import.

/**
 * Files that mark a GitOps repository. package.json's `workspaceContains:` activation events list the same patterns
 * (a test keeps them in step), and the extension searches the workspace with them when it was activated by a YAML file.
 */
export const GITOPS_WORKSPACE_PATTERNS: readonly string[] = [
  '**/kustomization.yaml',
  '**/kustomization.yml',
  '**/Kustomization',
  '**/flux-system/gotk-components.yaml',
  '**/flux-system/gotk-sync.yaml',
  '**/.argocd-source.yaml',
];

/** One glob for `workspace.findFiles` that matches any of the patterns. */
export function workspaceGlob(patterns: readonly string[] = GITOPS_WORKSPACE_PATTERNS): string {
  return patterns.length === 1 ? patterns[0] : `{${patterns.join(',')}}`;
}

const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** How much of a document is looked at: manifests start with their apiVersion and kind. */
const SCAN_LIMIT = 64 * 1024;

/**
 * Whether a YAML document looks like something the server checks: a kustomization file, or a Kubernetes manifest
 * (a top-level `apiVersion:` and `kind:` in one of its documents). Used to start the server when a YAML file is
 * opened in a workspace that has no GitOps marker files.
 */
export function looksLikeGitOpsDocument(fileName: string, text: string): boolean {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  if (KUSTOMIZATION_NAMES.has(base)) {
    return true;
  }
  const head = text.length > SCAN_LIMIT ? text.slice(0, SCAN_LIMIT) : text;
  // Each `---` document on its own: a kind in one and an apiVersion in another is not a manifest.
  return head.split(/^---[^\S\r\n]*(?:#.*)?$/m).some(doc =>
    /^apiVersion:[^\S\r\n]*["']?[A-Za-z0-9.\-/]+/m.test(doc) && /^kind:[^\S\r\n]*["']?[A-Za-z]/m.test(doc));
}
