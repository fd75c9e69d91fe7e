// Hands over the plain-text values the ExternalSecret conversion takes out of a Secret (the server's
// `gitopsAi.handOverSecretValues` command, which fetches them with `gitops-ai.takeSecretValues`): to the clipboard,
// or to a file the user picks, by default outside the workspace. A file the user puts inside a workspace folder is
// added to the .gitignore beside it, so the values cannot be committed by accident. No `vscode` import here: the
// editor is reached through `SecretValuesUi`.
import * as path from 'node:path';

/** What the server hands out for the command (the values travel only when the user has picked the action). */
export interface SecretValuesPayload {
  fileName: string;
  text: string;
  manifestDirectory?: string;
  workspaceFolders?: string[];
}

export interface SecretValuesUi {
  /** Returns the picked choice's label, or undefined when dismissed. */
  pick(labels: string[], placeholder: string): Promise<string | undefined>;
  saveDialog(defaultPath: string): Promise<string | undefined>;
  copyToClipboard(text: string): Promise<void>;
  readText(file: string): Promise<string | undefined>;
  /** Creates the file or replaces its content; `exclusive` fails instead when it exists. */
  writeText(file: string, text: string, options: { exclusive: boolean; privateMode: boolean }): Promise<void>;
  info(message: string): void;
  homeDirectory: string;
}

export const COPY_TO_CLIPBOARD = 'Copy the values to the clipboard';
export const SAVE_TO_FILE = 'Save the values to a file (outside the workspace)…';

export function isPayload(value: unknown): value is SecretValuesPayload {
  const candidate = value as Partial<SecretValuesPayload> | undefined;
  return typeof candidate?.fileName === 'string' && typeof candidate.text === 'string';
}

/** The workspace folder holding `file`, if any. */
export function containingFolder(file: string, folders: readonly string[]): string | undefined {
  return folders.find(folder => {
    const relative = path.relative(folder, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
}

/** The .gitignore beside `file` with a line for it appended, or undefined when an existing line already covers it. */
export function ignoredText(existing: string | undefined, file: string): string | undefined {
  const entry = '/' + path.basename(file);
  const lines = (existing ?? '').split(/\r?\n/).map(line => line.trim());
  if (lines.includes(entry) || lines.includes(path.basename(file)) || lines.includes('*.secret-values.env')) {
    return undefined;
  }
  const base = existing === undefined || existing === '' ? '' : existing.endsWith('\n') ? existing : existing + '\n';
  return `${base}# Secret values for uploading to the secret store; never commit them.\n${entry}\n`;
}

/** Runs the hand-over; returns what happened, for the caller's log (never the values). */
export async function handOverSecretValues(payload: SecretValuesPayload, ui: SecretValuesUi): Promise<string> {
  const choice = await ui.pick([COPY_TO_CLIPBOARD, SAVE_TO_FILE], `The values of ${payload.fileName}: upload them to the secret store`);
  if (choice === COPY_TO_CLIPBOARD) {
    await ui.copyToClipboard(payload.text);
    ui.info('GitOpsAi: the secret values are on the clipboard. Paste them into the secret store.');
    return 'copied to the clipboard';
  }
  if (choice !== SAVE_TO_FILE) {
    return 'dismissed';
  }
  const target = await ui.saveDialog(path.join(ui.homeDirectory, payload.fileName));
  if (target === undefined) {
    return 'dismissed';
  }
  const folder = containingFolder(target, payload.workspaceFolders ?? []);
  if (folder !== undefined) {
    // Ignored first: if writing the values then fails, nothing unignored is left behind.
    const ignoreFile = path.join(path.dirname(target), '.gitignore');
    const updated = ignoredText(await ui.readText(ignoreFile), target);
    if (updated !== undefined) {
      await ui.writeText(ignoreFile, updated, { exclusive: false, privateMode: false });
    }
  }
  await ui.writeText(target, payload.text, { exclusive: false, privateMode: true });
  ui.info(`GitOpsAi: the secret values are in ${target}${folder === undefined ? '' : ' (added to .gitignore)'}. Upload them to the secret store, then delete the file.`);
  return folder === undefined ? 'saved outside the workspace' : 'saved in the workspace, git-ignored';
}
