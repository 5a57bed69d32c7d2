import { afterEach } from 'vitest';
import type { ChannelInput, ChannelName, Envelope } from '../../../shared/contract';
import type { Asset } from '../../../shared/domain/asset';
import type { Release } from '../../../shared/domain/release';
import { isErrorCode, type ErrorCode } from '../../../shared/errors';
import {
  ENGINE_HARNESS_KEY,
  type EngineHarness,
  type EngineHarnessOptions,
  type OpenEngineHarness,
} from '../../../shared/testing/engineHarness';
import { ApiError, createApi } from '../api/client';
import type { Api, PressdeskBridge } from '../api/types';

export interface RecordedCall<K extends ChannelName = ChannelName> {
  readonly channel: K;
  /** The input as it crossed to the engine. */
  readonly input: ChannelInput<K>;
}

/** An archive the page downloaded in web mode. */
export interface ArchiveDownload {
  readonly fileName: string;
  readonly bytes: Promise<Uint8Array>;
}

/**
 * The real engine for a renderer test, on its own data directory, reached
 * through the renderer's own client as web mode reaches it. Only the faults
 * are made up (`failNext`); every answer is the engine's.
 */
export interface TestEngine {
  /** The window's api: every call is recorded, and the next call of a channel can be made to fail. */
  readonly api: Api;
  /** Another window on the same engine: it arranges and checks what a test needs, unrecorded. */
  readonly elsewhere: Api;
  readonly calls: readonly RecordedCall[];
  callsOf<K extends ChannelName>(channel: K): RecordedCall<K>[];
  /** The next call of `channel` fails with `code` before it reaches the engine; it is still recorded. */
  failNext(channel: ChannelName, code: ErrorCode | 'NETWORK'): void;
  /**
   * Creates a release through the contract, one minute later on the engine's
   * clock than the last one; an approved or published one with an approval on record.
   */
  seed(fields?: ChannelInput<'releases.create'>): Promise<Release>;
  /** The release as the engine stores it now. */
  stored(id: string): Promise<Release>;
  /** Headlines of the releases not in the trash, newest first. */
  storedHeadlines(): Promise<string[]>;
  /** Another window saves the release, one minute later on the engine's clock (its version goes up). */
  editElsewhere(id: string, fields: ChannelInput<'releases.save'>['fields']): Promise<Release>;
  /** Stores a small image in the media library. */
  importImage(): Promise<Asset>;
  /** Archives downloaded by the page (web mode). */
  readonly downloads: readonly ArchiveDownload[];
  readonly clock: EngineHarness['clock'];
  readonly harness: EngineHarness;
}

const open: EngineHarness[] = [];

// Each test's engine is closed and its data directory removed; a bug in the engine fails the test.
afterEach(() => {
  const failures = open.splice(0).flatMap((harness) => harness.close());
  if (failures.length > 0) {
    throw new AggregateError(failures, 'The engine failed unexpectedly (answered INTERNAL) during the test.');
  }
});

function harnessOpener(): OpenEngineHarness {
  const opener = (globalThis as Record<string, unknown>)[ENGINE_HARNESS_KEY];
  if (typeof opener !== 'function') {
    throw new Error('No engine for renderer tests: the renderer test run opens it in its setup file.');
  }
  return opener as OpenEngineHarness;
}

/** A real engine for this test; closed and removed after it. */
export function openTestEngine(options: EngineHarnessOptions = {}): TestEngine {
  const harness = harnessOpener()(options);
  open.push(harness);

  const calls: RecordedCall[] = [];
  const failures = new Map<ChannelName, ErrorCode | 'NETWORK'>();
  const downloads: ArchiveDownload[] = [];
  let images = 0;

  const bridge: PressdeskBridge = {
    invoke(channel, input) {
      const name = channel as ChannelName;
      // A copy, as it crossed: later changes to the caller's objects do not rewrite the record.
      calls.push({ channel: name, input: structuredClone(input ?? {}) });
      const failure = failures.get(name);
      if (failure !== undefined) {
        failures.delete(name);
        const envelope: Envelope<unknown> = { ok: false, error: { code: failure, message: `Injected ${failure}.` } };
        return Promise.resolve(envelope);
      }
      return harness.invoke(channel, input);
    },
    onEvent: (listener) => harness.onEvent(listener),
  };

  const api: Api = createApi(bridge);
  // Web mode's page uploads and downloads the full backup itself; the app asks in its own dialogs.
  if (!options.appDialogs) {
    api.uploadFullBackup = async (file) => {
      const envelope = await harness.uploadFullBackup(new Uint8Array(await file.arrayBuffer()));
      if (!envelope.ok) {
        const { code, message } = envelope.error;
        throw new ApiError(isErrorCode(code) ? code : code === 'NETWORK' ? 'NETWORK' : 'INTERNAL', message);
      }
      return envelope.value as Awaited<ReturnType<NonNullable<Api['uploadFullBackup']>>>;
    };
    api.downloadFullBackup = (download, fileName) => {
      downloads.push({ fileName, bytes: harness.downloadFullBackup(download) });
    };
  }

  const elsewhere: Api = createApi({ invoke: (channel, input) => harness.invoke(channel, input) });

  return {
    api,
    elsewhere,
    calls,
    callsOf: <K extends ChannelName>(channel: K) => calls.filter((c): c is RecordedCall<K> => c.channel === channel),
    failNext(channel, code) {
      failures.set(channel, code);
    },
    async seed(fields = {}) {
      harness.clock.advance(60_000);
      const { status, ...rest } = fields;
      if (status !== 'approved' && status !== 'published') return elsewhere.call('releases.create', fields);
      // Approved or published only with an approval on record (and approved quotes): a reviewer gives them.
      const created = await elsewhere.call('releases.create', rest);
      const approved = await elsewhere.call('approval.approve', { id: created.id, by: 'Petra Prüferin', via: 'phone' });
      if (status === 'approved') return elsewhere.call('releases.get', { id: created.id });
      for (const quote of approved.quotes) {
        const decision = { decision: 'approved', by: quote.speaker || 'Petra Prüferin', via: 'phone' } as const;
        await elsewhere.call('quotes.decide', { id: created.id, quoteId: quote.id, ...decision });
      }
      return elsewhere.call('approval.setStatus', { id: created.id, status: 'published' });
    },
    stored: (id) => elsewhere.call('releases.get', { id }),
    async storedHeadlines() {
      return (await elsewhere.call('releases.list', {})).items.map((r) => r.headline);
    },
    async editElsewhere(id, fields) {
      const current = await elsewhere.call('releases.get', { id });
      harness.clock.advance(60_000);
      return elsewhere.call('releases.save', { id, baseVersion: current.version, fields, checkpoint: true });
    },
    async importImage() {
      return elsewhere.call('assets.import', { bytes: await harness.image(++images) });
    },
    downloads,
    clock: harness.clock,
    harness,
  };
}
