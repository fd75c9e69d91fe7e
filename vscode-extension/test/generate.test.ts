import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argumentsFor, Cancellation, describe as describeResult, GenerateArguments, GenerateResult, runGenerate } from '../src/generate';

/** A token that can be cancelled by the test, like VS Code's CancellationTokenSource. */
function cancellation(): Cancellation & { cancel(): void } {
  const listeners: (() => void)[] = [];
  let cancelled = false;
  return {
    get isCancellationRequested() {
      return cancelled;
    },
    onCancellationRequested(listener) {
      listeners.push(listener);
      return { dispose: () => undefined };
    },
    cancel() {
      cancelled = true;
      listeners.forEach(l => l());
    },
  };
}

const applied: GenerateResult = { applied: true, engine: 'offline', notes: [], findings: [] };

describe('argumentsFor', () => {
  it('takes the request from the selection, without comment markers or the prefix, below its last line', () => {
    assert.deepEqual(argumentsFor('file:///r/a.yaml', { text: '# gitops: redis statefulset\n# with 10Gi storage\n', endLine: 7 }),
      { uri: 'file:///r/a.yaml', line: 7, request: 'redis statefulset with 10Gi storage' });
  });

  it('takes the typed request when nothing is selected, honouring a configured prefix', () => {
    assert.deepEqual(argumentsFor('u', { text: '', endLine: 2 }, 'ai: hpa for api', 'ai:'), { uri: 'u', line: 2, request: 'hpa for api' });
  });

  it('asks for nothing when both are empty', () => {
    assert.equal(argumentsFor('u', { text: '  ', endLine: 0 }, '   '), undefined);
    assert.equal(argumentsFor('u', { text: '', endLine: 0 }, undefined), undefined);
  });
});

describe('runGenerate', () => {
  it('passes the token to the request and reports an applied edit with its engine', async () => {
    const token = cancellation();
    let sent: GenerateArguments | undefined;
    const outcome = await runGenerate(async (args, t) => {
      sent = args;
      assert.equal(t, token);
      return applied;
    }, { uri: 'u', line: 0, request: 'x' }, token);
    assert.deepEqual(sent, { uri: 'u', line: 0, request: 'x' });
    assert.deepEqual(outcome, { kind: 'applied', message: 'GitOpsAi: manifests generated (offline).' });
  });

  it('reports a cancelled slow request as cancelled, with nothing inserted', async () => {
    const token = cancellation();
    const outcome = await runGenerate((_args, t) => new Promise((_resolve, reject) => {
      t.onCancellationRequested(() => reject(new Error('Request cancelled')));
      setTimeout(() => token.cancel(), 10);
    }), { uri: 'u', line: 0 }, token);
    assert.equal(outcome.kind, 'cancelled');
    assert.match(outcome.message, /nothing was inserted/);
  });

  it('reports a failing request without throwing', async () => {
    const outcome = await runGenerate(() => Promise.reject(new Error('connection lost')), { uri: 'u', line: 0 }, cancellation());
    assert.deepEqual(outcome, { kind: 'refused', message: 'GitOpsAi: generation failed: connection lost' });
  });
});

describe('describe', () => {
  it('names the gate findings when nothing passed, and mentions placeholders when something did', () => {
    const refused = describeResult({ applied: false, engine: 'openai', notes: ['Repaired twice.'], findings: ['3:5: error flux-path-not-found: no such path', '4:1: warning x: y'] });
    assert.deepEqual(refused, { kind: 'refused', message: 'GitOpsAi: nothing was inserted: the output did not pass the gate. 3:5: error flux-path-not-found: no such path Repaired twice.' });
    const withPlaceholder = describeResult({ ...applied, findings: ['9:3: warning generation-placeholder: set it'] });
    assert.match(withPlaceholder.message, /Replace the CHANGE-ME placeholders\./);
  });
});
