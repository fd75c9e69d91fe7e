// A small stand-in for the `vscode` module: enough of the API for the bundled extension and vscode-languageclient to
// activate, start the real server and stop it, while recording what the extension shows (status bar, messages,
// output, commands). What it does not model explicitly is absorbed by inert stubs.
import { pathToFileURL, fileURLToPath } from 'node:url';

type Listener<T> = (value: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter(l => l !== listener); } };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      listener(value);
    }
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Disposable {
  static from(...items: { dispose(): unknown }[]) {
    return new Disposable(() => items.forEach(i => i.dispose()));
  }
  constructor(private readonly callOnDispose: () => unknown) {}
  dispose() {
    this.callOnDispose();
  }
}

class Uri {
  private constructor(readonly scheme: string, readonly fsPath: string, private readonly text: string) {}
  static file(path: string) {
    return new Uri('file', path, pathToFileURL(path).href);
  }
  static parse(text: string) {
    const scheme = text.slice(0, Math.max(0, text.indexOf(':')));
    return new Uri(scheme, scheme === 'file' ? fileURLToPath(text) : '', text);
  }
  get path() {
    return this.fsPath;
  }
  toString() {
    return this.text;
  }
  toJSON() {
    return this.text;
  }
  with() {
    return this;
  }
}

class ThemeColor {
  constructor(readonly id: string) {}
}

/** A function that can also be called, constructed and extended, and whose every property is another stub. */
function inert(name: string): any {
  const cache = new Map<PropertyKey, unknown>();
  const target = function () {} as unknown as Record<PropertyKey, unknown>;
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'prototype') {
        return (t as { prototype: unknown }).prototype;
      }
      if (prop === 'then' || prop === Symbol.iterator || prop === 'toJSON') {
        return undefined;
      }
      if (prop === Symbol.toPrimitive) {
        return () => name;
      }
      if (!cache.has(prop)) {
        cache.set(prop, inert(`${name}.${String(prop)}`));
      }
      return cache.get(prop);
    },
    apply() {
      return { dispose() {} };
    },
    construct() {
      return { dispose() {} };
    },
  });
}

/** Wraps an object so that members it lacks are inert stubs instead of undefined. */
function withFallback<T extends object>(name: string, value: T): T {
  return new Proxy(value, {
    get(t, prop, receiver) {
      if (prop in t || typeof prop === 'symbol' || prop === 'then' || prop === 'toJSON') {
        return Reflect.get(t, prop, receiver);
      }
      const stub = inert(`${name}.${String(prop)}`);
      (t as Record<PropertyKey, unknown>)[prop] = stub;
      return stub;
    },
  });
}

export interface StatusItemRecord {
  text: string;
  tooltip: unknown;
  backgroundColor: ThemeColor | undefined;
  command: unknown;
  visible: boolean;
  history: string[];
}

export interface FakeVscode {
  module: Record<string, unknown>;
  settings: Record<string, unknown>;
  commands: Map<string, (...args: unknown[]) => unknown>;
  errors: string[];
  output: string[];
  statusItems: StatusItemRecord[];
  fireConfigurationChange(keys: string[]): void;
  openDocument(path: string, languageId: string, text: string): void;
}

export interface FakeWorkspaceOptions {
  /** Whether workspace.findFiles finds GitOps marker files (true by default). */
  hasMarkerFiles?: boolean;
}

/** The fake `vscode` for a workspace folder; `settings` holds `gitopsAi.*` values by their full dotted name. */
export function createFakeVscode(workspaceFolder: string, settings: Record<string, unknown> = {}, options: FakeWorkspaceOptions = {}): FakeVscode {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const errors: string[] = [];
  const output: string[] = [];
  const statusItems: StatusItemRecord[] = [];
  const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
  const documentOpened = new EventEmitter<unknown>();
  const event = () => new EventEmitter<unknown>().event;

  const getConfiguration = (section?: string) => {
    const prefix = section ? `${section}.` : '';
    const get = (key: string, fallback?: unknown) => {
      const full = prefix + key;
      if (full in settings) {
        return settings[full];
      }
      // A whole section (getConfiguration().get('gitopsAi')) as a nested object.
      const nested: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(settings)) {
        if (name.startsWith(`${full}.`)) {
          let node = nested;
          const parts = name.slice(full.length + 1).split('.');
          parts.slice(0, -1).forEach(part => {
            node = (node[part] ??= {}) as Record<string, unknown>;
          });
          node[parts[parts.length - 1]] = value;
        }
      }
      return Object.keys(nested).length > 0 ? nested : fallback;
    };
    return { get, has: (key: string) => get(key) !== undefined, inspect: () => undefined, update: async () => undefined };
  };

  const createOutputChannel = (name: string) => {
    const log = (level: string) => (message: string) => output.push(`[${level}] ${message}`);
    return withFallback(`OutputChannel(${name})`, {
      name,
      logLevel: 1, // Trace: lets vscode-languageclient trace messages when gitopsAi.trace.server asks for it
      onDidChangeLogLevel: event(),
      append: (text: string) => output.push(text),
      appendLine: (text: string) => output.push(text),
      trace: log('trace'),
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: (message: string | Error) => output.push(`[error] ${message instanceof Error ? message.message : message}`),
      show: () => undefined,
      hide: () => undefined,
      clear: () => undefined,
      replace: () => undefined,
      dispose: () => undefined,
    });
  };

  const createStatusBarItem = () => {
    const record: StatusItemRecord = { text: '', tooltip: undefined, backgroundColor: undefined, command: undefined, visible: false, history: [] };
    statusItems.push(record);
    return withFallback('StatusBarItem', {
      get text() {
        return record.text;
      },
      set text(value: string) {
        record.text = value;
        record.history.push(value);
      },
      get tooltip() {
        return record.tooltip;
      },
      set tooltip(value: unknown) {
        record.tooltip = value;
      },
      get backgroundColor() {
        return record.backgroundColor;
      },
      set backgroundColor(value: ThemeColor | undefined) {
        record.backgroundColor = value;
      },
      get command() {
        return record.command;
      },
      set command(value: unknown) {
        record.command = value;
      },
      name: '',
      show: () => {
        record.visible = true;
      },
      hide: () => {
        record.visible = false;
      },
      dispose: () => {
        record.visible = false;
      },
    });
  };

  const folderUri = Uri.file(workspaceFolder);
  const vscodeModule = withFallback('vscode', {
    version: '1.91.0',
    Uri,
    EventEmitter,
    Disposable,
    ThemeColor,
    CancellationError: class CancellationError extends Error {},
    CancellationTokenSource: class {
      token = { isCancellationRequested: false, onCancellationRequested: event() };
      cancel() {
        this.token.isCancellationRequested = true;
      }
      dispose() {}
    },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    env: withFallback('env', { appName: 'Fake VS Code', language: 'en', openExternal: async () => true }),
    commands: withFallback('commands', {
      registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
        commands.set(id, handler);
        return { dispose: () => commands.delete(id) };
      },
      executeCommand: async (id: string, ...args: unknown[]) => commands.get(id)?.(...args),
    }),
    window: withFallback('window', {
      createOutputChannel,
      createStatusBarItem,
      showErrorMessage: async (message: string) => {
        errors.push(message);
        return undefined;
      },
      showWarningMessage: async () => undefined,
      showInformationMessage: async () => undefined,
      withProgress: async (_options: unknown, task: (progress: unknown, token: unknown) => Promise<unknown>) =>
        task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: event() }),
      visibleTextEditors: [],
      activeTextEditor: undefined,
      tabGroups: withFallback('tabGroups', { all: [], onDidChangeTabs: event(), onDidChangeTabGroups: event() }),
      onDidChangeVisibleTextEditors: event(),
      onDidChangeActiveTextEditor: event(),
    }),
    workspace: withFallback('workspace', {
      workspaceFolders: [{ uri: folderUri, name: 'repo', index: 0 }],
      textDocuments: [],
      notebookDocuments: [],
      getConfiguration,
      getWorkspaceFolder: () => ({ uri: folderUri, name: 'repo', index: 0 }),
      findFiles: async () => (options.hasMarkerFiles === false ? [] : [Uri.file(`${workspaceFolder}/kustomization.yaml`)]),
      onDidChangeConfiguration: configurationChanged.event,
      onDidOpenTextDocument: documentOpened.event,
      onDidCloseTextDocument: event(),
      onDidChangeTextDocument: event(),
      onDidSaveTextDocument: event(),
      onWillSaveTextDocument: event(),
      onDidChangeWorkspaceFolders: event(),
      createFileSystemWatcher: () => withFallback('FileSystemWatcher', {
        onDidCreate: event(),
        onDidChange: event(),
        onDidDelete: event(),
        dispose: () => undefined,
      }),
    }),
    languages: withFallback('languages', {
      match: () => 0,
      createDiagnosticCollection: () => withFallback('DiagnosticCollection', {
        set: () => undefined,
        delete: () => undefined,
        clear: () => undefined,
        dispose: () => undefined,
      }),
    }),
  });

  return {
    module: vscodeModule as unknown as Record<string, unknown>,
    settings,
    commands,
    errors,
    output,
    statusItems,
    openDocument: (path, languageId, text) => documentOpened.fire({
      uri: Uri.file(path),
      fileName: path,
      languageId,
      version: 1,
      getText: () => text,
    }),
    fireConfigurationChange: keys => configurationChanged.fire({
      affectsConfiguration: (section: string) => keys.some(k => k === section || k.startsWith(`${section}.`)),
    }),
  };
}
