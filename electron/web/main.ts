import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toErrorPayload } from '../../shared/errors';
import { openWorkstation, resolveDataDir } from '../services/workstation';
import { startWebHost } from './server';

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

  const workstation = openWorkstation({ dataDir, host: 'web', check: true });
  workstation.startAutomaticBackups({
    onError: (error) => console.error('pressdesk web: automatic backup failed:', error),
  });
  const host = await startWebHost({
    handlers: workstation.handlers,
    rendererDir,
    port: Number.isFinite(port) ? port : 0,
    onError: (error) => console.error('pressdesk web:', error),
    assetFile: (kind, id) => workstation.assetFile(kind, id),
    archive: workstation.archive,
  });
  console.log(`Pressdesk web mode — data: ${dataDir}`);
  console.log(`Open: ${host.url}`);
  console.log('The address signs in one browser, once; start web mode again to sign in another.');

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void host.close().finally(() => {
      workstation.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const p = toErrorPayload(error);
  const message = p.code === 'INTERNAL' && error instanceof Error ? error.message : p.message;
  console.error(`pressdesk web: ${message} [${p.code}]`);
  process.exit(1);
});
