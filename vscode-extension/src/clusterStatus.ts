// The drift status bar item: the cluster's context and "in sync" / "N drifted" / "stale" / "unreachable", from the
// server's gitopsAi/clusterStatus notification. No `vscode` import.
import type { StatusView } from './status';

/** What the server sends (ClusterStatusParams in the server). */
export interface ClusterStatus {
  state: 'disabled' | 'connecting' | 'inSync' | 'drifted' | 'stale' | 'unreachable' | 'unauthorized';
  context?: string | null;
  message: string;
  drifted: number;
}

/** The item's text and tooltip, or undefined to hide it (the cluster comparison is off). */
export function formatClusterStatus(status: ClusterStatus): StatusView | undefined {
  const context = status.context ?? 'cluster';
  const tooltip = `${status.message}\nDrift against the live cluster (read-only). Click to show the output.`;
  switch (status.state) {
    case 'disabled':
      return undefined;
    case 'connecting':
      return { text: `$(sync~spin) ${context}`, tooltip, level: 'normal' };
    case 'inSync':
      return { text: `$(cloud) ${context}: in sync`, tooltip, level: 'normal' };
    case 'drifted':
      return { text: `$(diff) ${context}: ${status.drifted} drifted`, tooltip, level: 'warning' };
    case 'stale':
      return { text: `$(history) ${context}: stale`, tooltip, level: 'warning' };
    case 'unauthorized':
      return { text: `$(lock) ${context}: unauthorized`, tooltip, level: 'error' };
    default:
      return { text: `$(debug-disconnect) ${context}: unreachable`, tooltip, level: 'error' };
  }
}
