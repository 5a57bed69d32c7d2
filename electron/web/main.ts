import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toErrorPayload } from '../../shared/errors';
import { resolveDataDir } from '../services/workstation/dataDir';
import { startEngineWorker, type WebEngine } from './engineClient';
import { startWebHost, WEB_ASSET_URL_PREFIX, type WebHost } from './server';
import { clearWebFolders, webFolders } from './folders';
import { recordThreadNextTo } from '../services/archive/recordWorkerFile';

/** How long a stop waits for the engine to close its database before the process ends anyway. */
const CLOSE_TIMEOUT_MS = 3000;

/**
 * Where the engine runs: in worker threads, off the HTTP thread, so that a
 * long import or export never holds up a page, an image or another call.
 * `PRESSDESK_WEB_ENGINE` exists only for the `import` benchmark's side-by-side
 * figures and is no setting for users: `inline` opens the engine in the HTTP
 * thread as web mode did before, `single-worker` leaves out the read-only
 * connection that answers lists and searches while the writer is busy.
 */
type EngineMode = 'workers' | 'single-worker' | 'inline';

function engineMode(value: string | undefined): EngineMode {
  return value === 'inline' || value === 'single-worker' ? value : 'workers';
}

function report(error: unknown): void {
  console.error('pressdesk web:', error);
}

/** The engine in this thread, for the benchmark's baseline only (loaded only then: the HTTP thread needs none of it). */
async function openInline(dataDir: string): Promise<WebEngine> {
  const { openWorkstation } = await import('../services/workstation');
  clearWebFolders(dataDir);
  const folders = webFolders(dataDir);
  const workstation = openWorkstation({
    dataDir,
    host: 'web',
    check: true,
    assetUrlPrefix: WEB_ASSET_URL_PREFIX,
    fullBackupDownloadDir: folders.downloadDir,
    recordThread: recordThreadNextTo(import.meta.url),
  });
  workstation.startAutomaticBackups({
    onError: (error) => console.error('pressdesk web: automatic backup failed:', error),
  });
  return {
    handlers: workstation.handlers,
    assetFile: (kind, id) => workstation.assetFile(kind, id),
    archive: { ...workstation.archive, uploadDir: folders.uploadDir },
    events: (listener) => workstation.onEvent(listener),
    close: () => Promise.resolve(workstation.close()),
  };
}

/** `npm run web [-- --data-dir DIR] [--port N]`: the renderer and the contract on 127.0.0.1. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'renderer-dir': { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  const dataDir = resolveDataDir(values['data-dir'] ? ['--data-dir', values['data-dir']] : [], process.env);
  const port = values.port ? Number.parseInt(values.port, 10) : Number.parseInt(process.env.PRESSDESK_PORT ?? '0', 10);
  const rendererDir = resolve(values['renderer-dir'] ?? resolve(__dirname, '..', 'renderer'));
  const mode = engineMode(process.env.PRESSDESK_WEB_ENGINE);

  /** Set once the host listens (the engine may fail before). */
  const running: { host?: WebHost } = {};
  let stopping = false;
  /** Ends the process once the host and the engine are closed, or after a while whatever hangs. */
  const stop = (engine: WebEngine | undefined, code: number): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), CLOSE_TIMEOUT_MS * 2).unref();
    void (running.host?.close() ?? Promise.resolve())
      .then(() => engine?.close())
      .catch(report)
      .finally(() => process.exit(code));
  };

  const engine =
    mode === 'inline'
      ? await openInline(dataDir)
      : await startEngineWorker({
          dataDir,
          // The build puts the worker's bundle next to this one.
          workerFile: join(__dirname, 'engineWorker.cjs'),
          check: true,
          automaticBackups: true,
          readConnection: mode === 'workers',
          closeTimeoutMs: CLOSE_TIMEOUT_MS,
          onBackupError: (error) => console.error('pressdesk web: automatic backup failed:', error),
          onCrash: (error) => {
            console.error('pressdesk web: the engine stopped unexpectedly:', error);
            stop(undefined, 1);
          },
        });
  const host = await startWebHost({
    handlers: engine.handlers,
    callWire: engine.callWire ? (channel, body) => engine.callWire!(channel, body) : undefined,
    rendererDir,
    port: Number.isFinite(port) ? port : 0,
    onError: report,
    assetFile: (kind, id) => engine.assetFile(kind, id),
    archive: engine.archive,
    events: (listener) => engine.events(listener),
  });
  running.host = host;
  console.log(`Pressdesk web mode — data: ${dataDir}`);
  console.log(`Open: ${host.url}`);
  console.log('The address signs in one browser, once; start web mode again to sign in another.');

  process.on('SIGINT', () => stop(engine, 0));
  process.on('SIGTERM', () => stop(engine, 0));
}

main().catch((error: unknown) => {
  const p = toErrorPayload(error);
  const message = p.code === 'INTERNAL' && error instanceof Error ? error.message : p.message;
  console.error(`pressdesk web: ${message} [${p.code}]`);
  process.exit(1);
});
