// The "Generate manifests" command's logic, without the editor: which request to send, running it with progress and
// cancellation, and what to tell the user. The server does the generation and the gate; nothing is generated here.
// No `vscode` import: runs under node's test runner.

/** The server's command (workspace/executeCommand) and the editor command that asks for a request first. */
export const SERVER_GENERATE_COMMAND = 'gitopsAi.generate';

/** The arguments the server's command takes: the document, the line the documents go below, the request. */
export interface GenerateArguments {
  uri: string;
  line: number;
  request?: string;
}

/** What the server answers (GenerateResult in the server). */
export interface GenerateResult {
  applied: boolean;
  engine: string;
  notes: string[];
  findings: string[];
}

/** A cancellation signal, shaped like VS Code's CancellationToken. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/**
 * The arguments for a request taken from the selection (when it holds text) or typed into the input box: the
 * `gitops:` prefix and comment markers are dropped, and the documents go below the selection's last line (or the
 * cursor's). Undefined when there is nothing to ask for.
 */
export function argumentsFor(uri: string, selection: { text: string; endLine: number }, typed?: string, prefix = 'gitops:'): GenerateArguments | undefined {
  const source = selection.text.trim() !== '' ? selection.text : typed ?? '';
  const request = source
    .split(/\r?\n/)
    .map(line => line.trim().replace(/^#+\s*/, ''))
    .map(line => (line.toLowerCase().startsWith(prefix.toLowerCase()) ? line.slice(prefix.length).trim() : line))
    .filter(line => line !== '')
    .join(' ');
  return request === '' ? undefined : { uri, line: selection.endLine, request };
}

export type Outcome =
  | { kind: 'applied'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'cancelled'; message: string };

/**
 * Sends the command and turns the answer into what to show. `send` gets the token, so cancelling (the progress
 * notification's Cancel button) cancels the request, and the server cancels the engine; nothing is inserted then.
 */
export async function runGenerate(
  send: (args: GenerateArguments, token: Cancellation) => Promise<GenerateResult | undefined>,
  args: GenerateArguments,
  token: Cancellation,
): Promise<Outcome> {
  try {
    const result = await send(args, token);
    if (token.isCancellationRequested) {
      return { kind: 'cancelled', message: 'GitOpsAi: generation cancelled; nothing was inserted.' };
    }
    return describe(result);
  } catch (error) {
    if (token.isCancellationRequested) {
      return { kind: 'cancelled', message: 'GitOpsAi: generation cancelled; nothing was inserted.' };
    }
    return { kind: 'refused', message: `GitOpsAi: generation failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function describe(result: GenerateResult | undefined): Outcome {
  if (result === undefined) {
    return { kind: 'refused', message: 'GitOpsAi: the server gave no answer; nothing was inserted.' };
  }
  const notes = result.notes.length > 0 ? ` ${result.notes.join(' ')}` : '';
  if (result.applied) {
    const placeholders = result.findings.some(f => f.includes('generation-placeholder')) ? ' Replace the CHANGE-ME placeholders.' : '';
    return { kind: 'applied', message: `GitOpsAi: manifests generated (${result.engine}).${placeholders}${notes}` };
  }
  const findings = result.findings.filter(f => / error /.test(f)).slice(0, 3);
  const reasons = findings.length > 0 ? ` ${findings.join('; ')}` : '';
  return { kind: 'refused', message: `GitOpsAi: nothing was inserted: the output did not pass the gate.${reasons}${notes}` };
}
