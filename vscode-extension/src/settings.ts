// Mapping VS Code's `gitopsAi.*` settings to the object the server parses (ServerSettings.Parse in the server).
// No `vscode` import: runs under node's test runner.
import { expandSettingPath, HostInfo } from './dotnet';

export type Severity = 'error' | 'warning' | 'information' | 'hint' | 'off';
export type TraceLevel = 'off' | 'messages' | 'verbose';

/** Exactly what the server reads from the `gitopsAi` section (nested form). */
export interface ServerSettingsPayload {
  validation: { schemas: boolean };
  schemas: { extraFolders: string[] };
  severityOverrides: Record<string, Severity>;
  trace: { server: TraceLevel };
  generation: GenerationSettings;
  /** Only sent when something is set: the cluster comparison is off by default. */
  cluster?: { enabled: boolean; kubeconfig: string; context: string };
}

export type GenerationProvider = 'offline' | 'openai' | 'azure' | 'ollama';

/** How manifests are generated: the comment prefix that marks a request, the engine, its endpoint and model. */
export interface GenerationSettings {
  prefix: string;
  provider: GenerationProvider;
  endpoint?: string;
  model?: string;
}

/** The server's defaults (ServerSettings.Default), which are also the defaults contributed in package.json. */
export const DEFAULT_SERVER_SETTINGS: ServerSettingsPayload = {
  validation: { schemas: true },
  schemas: { extraFolders: [] },
  severityOverrides: {},
  trace: { server: 'off' },
  generation: { prefix: 'gitops:', provider: 'offline' },
};

/** The settings the extension reads, relative to the `gitopsAi` section. */
export const SETTING_KEYS = {
  validationSchemas: 'validation.schemas',
  extraFolders: 'schemas.extraFolders',
  severityOverrides: 'severityOverrides',
  traceServer: 'trace.server',
  clusterEnabled: 'cluster.enabled',
  clusterKubeconfig: 'cluster.kubeconfig',
  clusterContext: 'cluster.context',
  serverPath: 'server.path',
  dotnetPath: 'dotnet.path',
  generationPrefix: 'generation.prefix',
  generationProvider: 'generation.provider',
  generationEndpoint: 'generation.endpoint',
  generationModel: 'generation.model',
} as const;

const PROVIDERS: readonly GenerationProvider[] = ['offline', 'openai', 'azure', 'ollama'];

/** Changing these needs a new server process; the others are pushed to the running server. */
export const RESTART_SETTING_KEYS: readonly string[] = [SETTING_KEYS.serverPath, SETTING_KEYS.dotnetPath];

/** Reads one setting of the section by its dotted key (`validation.schemas`); undefined when unset. */
export type SettingsReader = (key: string) => unknown;

const SEVERITY_ALIASES: Record<string, Severity> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  information: 'information',
  info: 'information',
  hint: 'hint',
  off: 'off',
  none: 'off',
  ignore: 'off',
};

const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'verbose'];

export interface MappedSettings {
  settings: ServerSettingsPayload;
  /** Values that were ignored, one sentence each, for the output channel. */
  warnings: string[];
}

/**
 * Builds the server's settings from the user's: invalid values fall back to the server's defaults (with a warning),
 * severity names are normalised to the server's spelling, and `~`, `${workspaceFolder}`, `${userHome}` and
 * `${env:NAME}` are expanded in extra schema folders (relative folders are left for the server, which resolves them
 * against the first workspace folder).
 */
export function mapSettings(read: SettingsReader, host: HostInfo, workspaceFolder?: string): MappedSettings {
  const warnings: string[] = [];
  const settings: ServerSettingsPayload = {
    validation: { schemas: DEFAULT_SERVER_SETTINGS.validation.schemas },
    schemas: { extraFolders: [] },
    severityOverrides: {},
    trace: { server: DEFAULT_SERVER_SETTINGS.trace.server },
    generation: { ...DEFAULT_SERVER_SETTINGS.generation },
  };
  const cluster = { enabled: false, kubeconfig: '', context: '' };

  const validate = read(SETTING_KEYS.validationSchemas);
  if (typeof validate === 'boolean') {
    settings.validation.schemas = validate;
  } else if (validate !== undefined && validate !== null) {
    warnings.push(`gitopsAi.${SETTING_KEYS.validationSchemas} must be true or false; using true.`);
  }

  const folders = read(SETTING_KEYS.extraFolders);
  if (Array.isArray(folders)) {
    for (const folder of folders) {
      if (typeof folder === 'string' && folder.trim() !== '') {
        const expanded = expandSettingPath(folder, host, workspaceFolder);
        if (!settings.schemas.extraFolders.includes(expanded)) {
          settings.schemas.extraFolders.push(expanded);
        }
      } else {
        warnings.push(`gitopsAi.${SETTING_KEYS.extraFolders}: ignored ${JSON.stringify(folder)} (not a folder path).`);
      }
    }
  } else if (folders !== undefined && folders !== null) {
    warnings.push(`gitopsAi.${SETTING_KEYS.extraFolders} must be a list of folders; ignored.`);
  }

  const overrides = read(SETTING_KEYS.severityOverrides);
  if (typeof overrides === 'object' && overrides !== null && !Array.isArray(overrides)) {
    for (const [code, value] of Object.entries(overrides as Record<string, unknown>)) {
      const key = code.trim();
      const severity = typeof value === 'string' ? SEVERITY_ALIASES[value.trim().toLowerCase()] : undefined;
      if (key === '' || severity === undefined) {
        warnings.push(`gitopsAi.${SETTING_KEYS.severityOverrides}: ignored ${JSON.stringify(code)}: ${JSON.stringify(value)} (use "error", "warning", "information", "hint" or "off").`);
        continue;
      }
      settings.severityOverrides[key] = severity;
    }
  } else if (overrides !== undefined && overrides !== null) {
    warnings.push(`gitopsAi.${SETTING_KEYS.severityOverrides} must be an object of diagnostic code to severity; ignored.`);
  }

  const trace = read(SETTING_KEYS.traceServer);
  if (typeof trace === 'string' && (TRACE_LEVELS as readonly string[]).includes(trace)) {
    settings.trace.server = trace as TraceLevel;
  } else if (trace !== undefined && trace !== null) {
    warnings.push(`gitopsAi.${SETTING_KEYS.traceServer} must be "off", "messages" or "verbose"; using "off".`);
  }

  mapGeneration(read, settings.generation, warnings);
  const clusterEnabled = read(SETTING_KEYS.clusterEnabled);
  if (typeof clusterEnabled === 'boolean') {
    cluster.enabled = clusterEnabled;
  } else if (clusterEnabled !== undefined && clusterEnabled !== null) {
    warnings.push(`gitopsAi.${SETTING_KEYS.clusterEnabled} must be true or false; using false.`);
  }

  const kubeconfig = read(SETTING_KEYS.clusterKubeconfig);
  if (typeof kubeconfig === 'string' && kubeconfig.trim() !== '') {
    cluster.kubeconfig = expandSettingPath(kubeconfig.trim(), host, workspaceFolder);
  }

  const context = read(SETTING_KEYS.clusterContext);
  if (typeof context === 'string') {
    cluster.context = context.trim();
  }

  if (cluster.enabled || cluster.kubeconfig !== '' || cluster.context !== '') {
    settings.cluster = cluster;
  }

  return { settings, warnings };
}

function mapGeneration(read: SettingsReader, generation: GenerationSettings, warnings: string[]): void {
  const prefix = read(SETTING_KEYS.generationPrefix);
  if (typeof prefix === 'string' && prefix.trim() !== '') {
    generation.prefix = prefix.trim();
  } else if (prefix !== undefined && prefix !== null && prefix !== '') {
    warnings.push(`gitopsAi.${SETTING_KEYS.generationPrefix} must be a word such as "gitops:"; using "gitops:".`);
  }

  const provider = read(SETTING_KEYS.generationProvider);
  if (typeof provider === 'string' && (PROVIDERS as readonly string[]).includes(provider)) {
    generation.provider = provider as GenerationProvider;
  } else if (provider !== undefined && provider !== null) {
    warnings.push(`gitopsAi.${SETTING_KEYS.generationProvider} must be one of ${PROVIDERS.join(', ')}; using "offline".`);
  }

  for (const [key, name] of [[SETTING_KEYS.generationEndpoint, 'endpoint'], [SETTING_KEYS.generationModel, 'model']] as const) {
    const value = read(key);
    if (typeof value === 'string' && value.trim() !== '') {
      generation[name] = value.trim();
    }
  }
}

/** Whether a configuration change needs the server restarted (`affects` answers for a `gitopsAi.`-relative key). */
export function changeNeedsRestart(affects: (key: string) => boolean): boolean {
  return RESTART_SETTING_KEYS.some(key => affects(key));
}

/** The body of workspace/didChangeConfiguration: the server recognises the pushed form by its `gitopsAi` member. */
export function didChangeConfigurationParams(settings: ServerSettingsPayload): { settings: { gitopsAi: ServerSettingsPayload } } {
  return { settings: { gitopsAi: settings } };
}
