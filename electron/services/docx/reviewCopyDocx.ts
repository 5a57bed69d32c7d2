import { documentFigures } from '../../../shared/document';
import { embargoRunning } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { reviewCopyBanner, reviewCopyWords, type ReviewCopyInput } from '../../../shared/render/reviewCopy';
import { renderInputFor, type ExportSettings } from '../export/bundle';
import { reviewCopyFileName, type ReviewCopyFile } from '../export/reviewCopyFile';
import { docxImage, type DocxDeps } from './docxExport';
import type { DocxImage } from './docxWriter';

export interface ReviewCopyDocxOptions {
  readonly settings: ExportSettings;
  readonly signal?: AbortSignal;
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PressdeskError('CANCELLED', 'The review copy was cancelled; nothing was written.');
}

/**
 * The review copy („Freigabeexemplar“) as a Word file: the release as
 * `buildReleaseDocx` writes it, with „ENTWURF – nicht zur Veröffentlichung“,
 * the version and the moment of the copy in every page's header and in a
 * frame above the text, Word's own line numbering over the text (on over
 * the pages), and „Zitate zur Freigabe“ in a section of its own at the end.
 * The preflight does not block it: it is what goes out for approval.
 */
export async function buildReviewCopyDocx(
  deps: DocxDeps,
  input: ReviewCopyInput,
  options: ReviewCopyDocxOptions,
): Promise<ReviewCopyFile> {
  const { release } = input;
  const embargoed = embargoRunning(release.embargoUntil, input.generatedAt);
  const render = renderInputFor(deps, release, { settings: options.settings, embargoed, stylesheet: '' });
  const images = new Map<string, DocxImage>();
  const placed = [...(release.leadImage ? [release.leadImage] : []), ...documentFigures(release.body)];
  for (const f of placed) {
    checkCancelled(options.signal);
    if (images.has(f.assetId) || !deps.assets.find(f.assetId)) continue;
    images.set(f.assetId, await docxImage(deps.assets, f.assetId));
  }
  checkCancelled(options.signal);
  // The Word writer (the docx library) is loaded by the first Word file written.
  const { releaseDocx } = await import('./docxWriter');
  const bytes = await releaseDocx(render, images, {
    banner: reviewCopyBanner(input, release.language),
    words: reviewCopyWords(release.language),
    quotes: input.quotes,
  });
  checkCancelled(options.signal);
  return { bytes: Buffer.from(bytes), fileName: reviewCopyFileName(input, '.docx') };
}
