import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatStatus, ProgressTracker, stderrLevel } from '../src/status';

describe('formatStatus', () => {
  it('shows each server state with its icon', () => {
    assert.equal(formatStatus('starting').text, '$(loading~spin) GitOpsAi');
    assert.equal(formatStatus('running').text, '$(check) GitOpsAi');
    assert.equal(formatStatus('stopped').text, '$(circle-slash) GitOpsAi');
    assert.equal(formatStatus('error').text, '$(error) GitOpsAi');
    assert.equal(formatStatus('running').level, 'normal');
    assert.equal(formatStatus('stopped').level, 'warning');
    assert.equal(formatStatus('error').level, 'error');
  });

  it('puts the state and the reason in the tooltip', () => {
    const view = formatStatus('error', undefined, 'No dotnet on PATH.');
    assert.equal(view.tooltip, 'GitOpsAi language server: error\nNo dotnet on PATH.\nClick to show the output.');
    assert.equal(formatStatus('running', undefined, 'gitops-ai 0.1.0').tooltip, 'GitOpsAi language server: running\ngitops-ai 0.1.0\nClick to show the output.');
  });

  it('shows indexing progress from $/progress while running, and drops it at the end', () => {
    const tracker = new ProgressTracker();
    assert.ok(tracker.update('gitops-ai/indexing/1', { kind: 'begin', title: 'GitOpsAi: indexing', message: '/repo', percentage: 0 }));
    assert.equal(formatStatus('running', tracker).text, '$(sync~spin) GitOpsAi: indexing 0%');
    tracker.update('gitops-ai/indexing/1', { kind: 'report', message: '40/100 files', percentage: 40 });
    const view = formatStatus('running', tracker, 'gitops-ai 0.1.0');
    assert.equal(view.text, '$(sync~spin) GitOpsAi: indexing 40%');
    assert.equal(view.tooltip, 'GitOpsAi language server: running\nGitOpsAi: indexing (40%): 40/100 files\ngitops-ai 0.1.0\nClick to show the output.');
    assert.ok(tracker.update('gitops-ai/indexing/1', { kind: 'end', message: 'done' }));
    assert.equal(formatStatus('running', tracker).text, '$(check) GitOpsAi');
  });

  it('keeps the last message and percentage when a report leaves them out, and clamps percentages', () => {
    const tracker = new ProgressTracker();
    tracker.update(7, { kind: 'begin', title: 'Loading schemas', percentage: 10, message: 'crds' });
    tracker.update(7, { kind: 'report' });
    assert.deepEqual(tracker.summary(), { title: 'Loading schemas', message: 'crds', percentage: 10, count: 1 });
    tracker.update(7, { kind: 'report', percentage: 250 });
    assert.equal(tracker.summary()?.percentage, 100);
    tracker.update(7, { kind: 'report', percentage: -3 });
    assert.equal(tracker.summary()?.percentage, 0);
    assert.equal(formatStatus('running', tracker).text, '$(sync~spin) GitOpsAi: Loading schemas 0%');
  });

  it('shows no percentage for progress without one, and averages several folders', () => {
    const tracker = new ProgressTracker();
    tracker.update('a', { kind: 'begin', title: 'GitOpsAi: indexing' });
    assert.equal(formatStatus('running', tracker).text, '$(sync~spin) GitOpsAi: indexing');
    tracker.update('a', { kind: 'report', percentage: 20 });
    tracker.update('b', { kind: 'begin', title: 'GitOpsAi: indexing', percentage: 60 });
    assert.equal(formatStatus('running', tracker).text, '$(sync~spin) GitOpsAi: indexing 40% (2 folders)');
    assert.equal(tracker.count, 2);
  });

  it('ignores reports and ends for unknown tokens, and progress while not running', () => {
    const tracker = new ProgressTracker();
    assert.ok(!tracker.update('x', { kind: 'report', percentage: 5 }));
    assert.ok(!tracker.update('x', { kind: 'end' }));
    tracker.update('y', { kind: 'begin', title: 'GitOpsAi: indexing', percentage: 5 });
    assert.equal(formatStatus('starting', tracker).text, '$(loading~spin) GitOpsAi');
    tracker.clear();
    assert.equal(tracker.summary(), undefined);
  });
});

describe('stderrLevel', () => {
  it("keeps the server's own log lines (also sent as window/logMessage) at trace, and anything else as an error", () => {
    assert.equal(stderrLevel('[gitops-ai 08:14:01.741] Indexed 2 YAML files under /tmp/x.'), 'trace');
    assert.equal(stderrLevel('You must install or update .NET to run this application.'), 'error');
    assert.equal(stderrLevel('Unhandled exception. System.InvalidOperationException: boom'), 'error');
    assert.equal(stderrLevel('   at GitOpsAi.LanguageServer.Program.Main()'), 'error');
  });
});
