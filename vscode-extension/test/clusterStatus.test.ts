import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatClusterStatus } from '../src/clusterStatus';

describe('formatClusterStatus', () => {
  it('shows the context with in sync, N drifted, stale or unreachable', () => {
    assert.equal(formatClusterStatus({ state: 'inSync', context: 'prod-eu', message: 'prod-eu: 120 objects cached', drifted: 0 })?.text, '$(cloud) prod-eu: in sync');
    const drifted = formatClusterStatus({ state: 'drifted', context: 'prod-eu', message: 'm', drifted: 3 });
    assert.equal(drifted?.text, '$(diff) prod-eu: 3 drifted');
    assert.equal(drifted?.level, 'warning');
    assert.equal(formatClusterStatus({ state: 'stale', context: 'prod-eu', message: 'm', drifted: 1 })?.text, '$(history) prod-eu: stale');
    const unreachable = formatClusterStatus({ state: 'unreachable', context: 'prod-eu', message: 'Cannot reach prod-eu', drifted: 0 });
    assert.equal(unreachable?.text, '$(debug-disconnect) prod-eu: unreachable');
    assert.equal(unreachable?.level, 'error');
    assert.ok(unreachable?.tooltip.startsWith('Cannot reach prod-eu\n'));
  });

  it('hides the item while the cluster comparison is off', () => {
    assert.equal(formatClusterStatus({ state: 'disabled', context: null, message: 'off', drifted: 0 }), undefined);
  });
});
