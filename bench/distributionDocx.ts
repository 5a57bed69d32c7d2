// The Word file of one release: time to build it (preflight, images as JPEGs,
// the document, the package made deterministic), its size, and the time to
// read it back through the Word import. `benchDocx` is called by the
// distribution suite with its 10,000-word release (bench/bigRelease.ts).
import { buildReleaseDocx } from '../electron/services/docx/docxExport';
import { readDocx } from '../electron/services/docx/docxImport';
import { engineInternals } from '../electron/services/testing/internals';
import type { Workstation } from '../electron/services/workstation';
import { machine, percentile, report, timeMsAsync } from './lib';

const suite = 'distribution';

export interface DocxFigures {
  /** Median time to build the Word file (ms). */
  readonly buildMs: number;
  /** Its size (bytes). */
  readonly bytes: number;
  /** Median time to read it back as a release (ms). */
  readonly readMs: number;
}

/** Measures the Word file of `releaseId` (three rounds, medians) and reports the figures. */
export async function benchDocx(ws: Workstation, releaseId: string, rounds = 3): Promise<DocxFigures> {
  const { releases, assets, settings } = engineInternals(ws);
  const build: number[] = [];
  const read: number[] = [];
  let bytes = 0;
  for (let round = 0; round < rounds; round++) {
    let file: Uint8Array = new Uint8Array(0);
    build.push(
      await timeMsAsync(async () => {
        file = (await buildReleaseDocx({ releases, assets }, releaseId, { settings: settings.exportSettings() })).bytes;
      }),
    );
    bytes = file.byteLength;
    read.push(await timeMsAsync(() => readDocx('bench.docx', file)));
  }
  const figures = { buildMs: percentile(build, 50), bytes, readMs: percentile(read, 50) };
  report({
    suite,
    metric: 'docx_build',
    value: figures.buildMs / 1000,
    unit: 's',
    detail: `median of ${rounds}; preflight, images as JPEG (≤ 1600 px), document, deterministic package; ${machine()}`,
  });
  report({ suite, metric: 'docx_size', value: figures.bytes / 1024 / 1024, unit: 'MiB' });
  report({
    suite,
    metric: 'docx_read_back',
    value: figures.readMs / 1000,
    unit: 's',
    detail: 'median; the Word import (ZIP checks, mammoth, HTML conversion), images not stored',
  });
  return figures;
}
