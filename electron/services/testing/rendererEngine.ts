import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '../../../shared/contract';
import { parseEvent } from '../../../shared/contract/engineEvents';
import { dispatch } from '../../../shared/contract/dispatch';
import { fromWireJson, toWireJson } from '../../../shared/contract/wire';
import { PressdeskError, toErrorPayload } from '../../../shared/errors';
import {
  ENGINE_HARNESS_KEY,
  type EngineHarness,
  type EngineHarnessOptions,
  type OpenEngineHarness,
} from '../../../shared/testing/engineHarness';
import { loadSharp } from '../assets/sharp';
import { openWorkstation } from '../workstation';
import { webFolders } from '../../web/folders';

const DEFAULT_START = '2025-03-01T09:00:00.000Z';

/** What crosses web mode's HTTP boundary, in both directions. */
const overTheWire = (value: unknown): unknown => fromWireJson(toWireJson(value));

/**
 * Opens a real engine for a renderer test (the setup file of the renderer's
 * test run puts this opener on `globalThis`; see shared/testing/engineHarness).
 */
export const openEngineHarness: OpenEngineHarness = (options: EngineHarnessOptions = {}): EngineHarness => {
  const root = mkdtempSync(join(tmpdir(), 'pressdesk-renderer-'));
  const dataDir = join(root, 'data');
  const savedDir = join(root, 'saved');
  let clock = Date.parse(options.start ?? DEFAULT_START);
  let dialogAnswer: 'accept' | 'cancel' = 'cancel';
  let lastSaved: string | null = null;
  let closed = false;
  const unexpected: unknown[] = [];

  const workstation = openWorkstation({
    dataDir,
    host: options.appDialogs ? 'electron' : 'web',
    // As each host passes it (electron/main/protocol.ts, electron/web/server.ts).
    assetUrlPrefix: options.appDialogs ? 'pressdesk-asset://original/' : '/asset/original/',
    // Web mode's own folders, as it names them.
    fullBackupDownloadDir: options.appDialogs ? undefined : webFolders(dataDir).downloadDir,
    now: () => new Date(clock),
    hostHooks: options.appDialogs
      ? {
          chooseFullBackupTarget: (suggestedName) => {
            if (dialogAnswer === 'cancel') return Promise.resolve(null);
            mkdirSync(savedDir, { recursive: true });
            lastSaved = join(savedDir, suggestedName);
            return Promise.resolve(lastSaved);
          },
          chooseFullBackupSource: () => Promise.resolve(dialogAnswer === 'accept' ? lastSaved : null),
        }
      : undefined,
  });

  const gone = (): Envelope<unknown> => ({
    ok: false,
    error: { code: 'NETWORK', message: 'The engine of this test is closed.' },
  });

  return {
    dataDir,
    async invoke(channel, input) {
      if (closed) return gone();
      const envelope = await dispatch(workstation.handlers, channel, overTheWire(input ?? {}), (error) =>
        unexpected.push(error),
      );
      return overTheWire(envelope) as Envelope<unknown>;
    },
    onEvent(listener) {
      // As a host forwards them: checked against the contract, then across the wire.
      return workstation.onEvent((event) => {
        const checked = parseEvent(event.name, event.payload);
        if (!closed && checked) listener(checked.name, overTheWire(checked.payload));
      });
    },
    clock: {
      now: () => new Date(clock),
      advance(ms) {
        clock += ms;
      },
    },
    async downloadFullBackup(id) {
      const waiting = workstation.archive.download(id);
      if (!waiting) throw new PressdeskError('NOT_FOUND', `No archive download ${id}.`);
      try {
        return new Uint8Array(await readFile(waiting.path));
      } finally {
        await workstation.archive.finishDownload(id);
      }
    },
    async uploadFullBackup(bytes) {
      if (closed) return gone();
      const { uploadDir } = webFolders(dataDir);
      const file = join(uploadDir, `${randomUUID()}.zip`);
      let envelope: Envelope<unknown>;
      try {
        await mkdir(uploadDir, { recursive: true });
        await writeFile(file, bytes, { flag: 'wx' });
        envelope = { ok: true, value: await workstation.archive.importFile(file) };
      } catch (error) {
        if (!(error instanceof PressdeskError) || error.code === 'INTERNAL') unexpected.push(error);
        envelope = { ok: false, error: toErrorPayload(error) };
      } finally {
        await rm(file, { force: true });
      }
      return overTheWire(envelope) as Envelope<unknown>;
    },
    answerDialogs(answer) {
      dialogAnswer = answer;
    },
    async image(variant) {
      const sharp = await loadSharp();
      const png = await sharp({
        create: { width: 8, height: 6, channels: 3, background: { r: variant % 256, g: 90, b: 160 } },
      })
        .png()
        .toBuffer();
      return new Uint8Array(png);
    },
    close() {
      if (!closed) {
        closed = true;
        workstation.close();
        rmSync(root, { recursive: true, force: true });
      }
      return unexpected;
    },
  };
};

(globalThis as Record<string, unknown>)[ENGINE_HARNESS_KEY] = openEngineHarness;
