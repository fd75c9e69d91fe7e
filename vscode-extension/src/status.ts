// The status bar's text: the server's state and its indexing progress. No `vscode` import.

export type ServerState = 'starting' | 'running' | 'stopped' | 'error';

/** One $/progress stream (WorkDoneProgressBegin/Report/End values). */
export type ProgressValue =
  | { kind: 'begin'; title: string; message?: string; percentage?: number; cancellable?: boolean }
  | { kind: 'report'; message?: string; percentage?: number; cancellable?: boolean }
  | { kind: 'end'; message?: string };

export interface ActiveProgress {
  title: string;
  message?: string;
  percentage?: number;
}

/** Follows every work-done progress the server reports, by token, until each ends. */
export class ProgressTracker {
  private readonly active = new Map<string, ActiveProgress>();

  /** Applies one value; returns true when what the status bar shows may have changed. */
  update(token: string | number, value: ProgressValue): boolean {
    const key = String(token);
    switch (value.kind) {
      case 'begin':
        this.active.set(key, { title: value.title, message: value.message, percentage: clampPercentage(value.percentage) });
        return true;
      case 'report': {
        const current = this.active.get(key);
        if (current === undefined) {
          return false;
        }
        this.active.set(key, {
          title: current.title,
          message: value.message ?? current.message,
          percentage: clampPercentage(value.percentage) ?? current.percentage,
        });
        return true;
      }
      case 'end':
        return this.active.delete(key);
      default:
        return false;
    }
  }

  clear(): void {
    this.active.clear();
  }

  get count(): number {
    return this.active.size;
  }

  /** The progress to show: the oldest one still running, with the average percentage when several run. */
  summary(): (ActiveProgress & { count: number }) | undefined {
    const all = [...this.active.values()];
    if (all.length === 0) {
      return undefined;
    }
    const withPercent = all.filter(p => p.percentage !== undefined);
    const percentage = withPercent.length === all.length
      ? Math.round(withPercent.reduce((sum, p) => sum + (p.percentage ?? 0), 0) / all.length)
      : undefined;
    return { title: all[0].title, message: all.length === 1 ? all[0].message : undefined, percentage, count: all.length };
  }
}

function clampPercentage(value: number | undefined): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return undefined;
  }
  return Math.max(0, Math.min(100, Math.round(value)));
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** Drives the item's background colour. */
  level: 'normal' | 'warning' | 'error';
}

const ICONS: Record<ServerState, string> = {
  starting: '$(loading~spin)',
  running: '$(check)',
  stopped: '$(circle-slash)',
  error: '$(error)',
};

/** Strips the "GitOpsAi:" the server puts in front of its progress titles ("GitOpsAi: indexing" -> "indexing"). */
function shortTitle(title: string): string {
  return title.replace(/^GitOpsAi:\s*/i, '').trim() || 'working';
}

/**
 * The status bar item for a state: "$(check) GitOpsAi" when running, "$(sync~spin) GitOpsAi: indexing 40%" while
 * the server reports progress, and the reason in the tooltip when it stopped or failed.
 */
export function formatStatus(state: ServerState, progress?: ProgressTracker | ReturnType<ProgressTracker['summary']>, detail?: string): StatusView {
  const summary = progress instanceof ProgressTracker ? progress.summary() : progress;
  const lines: string[] = [];
  let text = `${ICONS[state]} GitOpsAi`;
  if (state === 'running' && summary !== undefined) {
    const percent = summary.percentage !== undefined ? ` ${summary.percentage}%` : '';
    const more = summary.count > 1 ? ` (${summary.count} folders)` : '';
    text = `$(sync~spin) GitOpsAi: ${shortTitle(summary.title)}${percent}${more}`;
  }
  lines.push(`GitOpsAi language server: ${state}`);
  if (state === 'running' && summary !== undefined) {
    lines.push(`${summary.title}${summary.percentage !== undefined ? ` (${summary.percentage}%)` : ''}${summary.message ? `: ${summary.message}` : ''}`);
  }
  if (detail) {
    lines.push(detail);
  }
  lines.push('Click to show the output.');
  return { text, tooltip: lines.join('\n'), level: state === 'error' ? 'error' : state === 'stopped' ? 'warning' : 'normal' };
}

/**
 * The output level for one line of the server's stderr. The server writes each log line there and also sends it as
 * window/logMessage (which the output shows at its own level), so its own `[gitops-ai HH:mm:ss.fff]` lines are kept
 * at trace level to avoid showing them twice; anything else (the .NET host's errors, an unhandled exception) is an
 * error.
 */
export function stderrLevel(line: string): 'trace' | 'error' {
  return /^\[gitops-ai \d{2}:\d{2}:\d{2}\.\d{3}\] /.test(line) ? 'trace' : 'error';
}
