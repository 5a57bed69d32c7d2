// The PDF part of the "distribution" suite: a 10,000-word release with 8
// photos of about 2400 px exported as a PDF on the letterhead (time, size,
// pages), the first run (fonts read, images prepared) and a second one.
import { join } from 'node:path';
import { makeTempDir } from '../electron/services/testing/tempDir';
import { engineInternals } from '../electron/services/testing/internals';
import { openWorkstation } from '../electron/services/workstation';
import { releasePdf } from '../electron/services/pdf';
import { createBigRelease } from './bigRelease';
import { machine, report, timeMsAsync, type Figure } from './lib';

const suite = 'distribution';

/** Measures the PDF export and prints each figure (one JSON line each); returns them too. */
export async function benchPdf(options: { words?: number; photos?: number } = {}): Promise<Figure[]> {
  const tmp = makeTempDir('pressdesk-bench-pdf-');
  const figures: Figure[] = [];
  const emit = (figure: Figure): void => {
    figures.push(figure);
    report(figure);
  };
  try {
    const ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
    try {
      const big = await createBigRelease(ws, { words: options.words, photos: options.photos });
      const { releases, assets, settings } = engineInternals(ws);
      const deps = { releases, assets, settings };
      let pdf = await releasePdf(deps, big.releaseId);
      const detail = `${big.words} words, ${big.photos} photos of 2400 px, ${pdf.pages} pages; ${machine()}`;
      const first = await timeMsAsync(async () => {
        pdf = await releasePdf(deps, big.releaseId);
      });
      emit({ suite, metric: 'pdf.time', value: first, unit: 'ms', detail });
      const again = await timeMsAsync(() => releasePdf(deps, big.releaseId));
      emit({ suite, metric: 'pdf.time.again', value: again, unit: 'ms', detail });
      emit({ suite, metric: 'pdf.size', value: pdf.bytes.length / 1024 / 1024, unit: 'MiB', detail });
      emit({ suite, metric: 'pdf.pages', value: pdf.pages, unit: 'pages', detail });
    } finally {
      ws.close();
    }
  } finally {
    tmp.cleanup();
  }
  return figures;
}
