import { afterEach, beforeEach } from 'vitest';
import type { ReleaseFields } from '../../../shared/domain';
import { openWorkstation, type Workstation } from '../workstation';
import { engineInternals } from './internals';
import { makeTempDir } from './tempDir';

/** The running test's workstation (see {@link freshWorkstationEachTest}). */
export interface ArchiveFixture {
  readonly ws: Workstation;
  /** The workstation's data folder. */
  readonly dir: string;
  /** Writes a release through the store, published in March 2024 unless `fields` say otherwise; its id. */
  readonly add: (fields: Partial<ReleaseFields>) => string;
}

/**
 * Opens a workstation (the CLI host) in a fresh temporary folder before each
 * test of the file that calls it, and closes and removes it after the test.
 */
export function freshWorkstationEachTest(): ArchiveFixture {
  let tmp: ReturnType<typeof makeTempDir> | undefined;
  let ws: Workstation | undefined;
  beforeEach(() => {
    tmp = makeTempDir();
    ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
  });
  afterEach(() => {
    ws?.close();
    tmp?.cleanup();
    ws = undefined;
    tmp = undefined;
  });
  const running = (): { ws: Workstation; dir: string } => {
    if (!ws || !tmp) throw new Error('The workstation exists only while a test runs.');
    return { ws, dir: tmp.dir };
  };
  return {
    get ws() {
      return running().ws;
    },
    get dir() {
      return running().dir;
    },
    add: (fields) =>
      engineInternals(running().ws).releases.create({
        status: 'published',
        publishedAt: '2024-03-01T10:00:00Z',
        ...fields,
      }).id,
  };
}
