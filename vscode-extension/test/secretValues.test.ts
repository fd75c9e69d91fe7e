import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COPY_TO_CLIPBOARD, handOverSecretValues, ignoredText, isPayload, SAVE_TO_FILE, SecretValuesUi } from '../src/secretValues';

const payload = { fileName: 'db.secret-values.env', text: 'password="hunter2"\n', workspaceFolders: ['/repo'] };

/** A scripted editor: the choice, the save path, and an in-memory file system. */
function fakeUi(choice: string | undefined, savePath?: string, files: Record<string, string> = {}) {
  const calls = { clipboard: [] as string[], writes: [] as { file: string; text: string; privateMode: boolean }[], messages: [] as string[] };
  const ui: SecretValuesUi = {
    pick: async () => choice,
    saveDialog: async () => savePath,
    copyToClipboard: async text => { calls.clipboard.push(text); },
    readText: async file => files[file],
    writeText: async (file, text, options) => { files[file] = text; calls.writes.push({ file, text, privateMode: options.privateMode }); },
    info: message => { calls.messages.push(message); },
    homeDirectory: '/home/me',
  };
  return { ui, calls, files };
}

describe('handOverSecretValues', () => {
  it('copies the values to the clipboard and writes no file', async () => {
    const { ui, calls } = fakeUi(COPY_TO_CLIPBOARD);
    assert.equal(await handOverSecretValues(payload, ui), 'copied to the clipboard');
    assert.deepEqual(calls.clipboard, [payload.text]);
    assert.deepEqual(calls.writes, []);
    assert.ok(calls.messages.every(m => !m.includes('hunter2')));
  });

  it('saves outside the workspace privately, without touching any .gitignore', async () => {
    const { ui, calls } = fakeUi(SAVE_TO_FILE, '/home/me/db.secret-values.env');
    assert.equal(await handOverSecretValues(payload, ui), 'saved outside the workspace');
    assert.deepEqual(calls.writes, [{ file: '/home/me/db.secret-values.env', text: payload.text, privateMode: true }]);
  });

  it('git-ignores a file the user puts inside the workspace, before writing the values', async () => {
    const { ui, calls, files } = fakeUi(SAVE_TO_FILE, '/repo/apps/db.secret-values.env', { '/repo/apps/.gitignore': 'node_modules/' });
    assert.equal(await handOverSecretValues(payload, ui), 'saved in the workspace, git-ignored');
    assert.deepEqual(calls.writes.map(w => w.file), ['/repo/apps/.gitignore', '/repo/apps/db.secret-values.env']);
    assert.match(files['/repo/apps/.gitignore'], /^node_modules\/\n# Secret values.*\n\/db\.secret-values\.env\n$/);
  });

  it('does nothing when the user dismisses the choice or the dialog', async () => {
    for (const { ui, calls } of [fakeUi(undefined), fakeUi(SAVE_TO_FILE, undefined)]) {
      assert.equal(await handOverSecretValues(payload, ui), 'dismissed');
      assert.deepEqual(calls.writes, []);
      assert.deepEqual(calls.clipboard, []);
    }
  });
});

describe('ignoredText', () => {
  it('leaves a .gitignore that already covers the file alone', () => {
    assert.equal(ignoredText('/db.secret-values.env\n', '/repo/db.secret-values.env'), undefined);
    assert.equal(ignoredText('*.secret-values.env\n', '/repo/db.secret-values.env'), undefined);
  });

  it('creates one when there is none', () => {
    assert.equal(ignoredText(undefined, '/repo/x.env'), '# Secret values for uploading to the secret store; never commit them.\n/x.env\n');
  });
});

describe('isPayload', () => {
  it('accepts the server payload and refuses anything else', () => {
    assert.equal(isPayload(payload), true);
    assert.equal(isPayload({ fileName: 'x' }), false);
    assert.equal(isPayload(undefined), false);
  });
});
