import { documentFigures } from '../../../shared/document';
import { embargoRunning } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { reviewCopyBanner, reviewCopyWords, type ReviewCopyInput } from '../../../shared/render/reviewCopy';
import { renderInputFor, type ExportSettings } from '../export/bundle';
import { reviewCopyFileName, type ReviewCopyFile } from '../export/reviewCopyFile';
import { prepareImages, prepareLogo, renderPdf, type PdfDeps } from './releasePdf';

export interface ReviewCopyOptions {
  /** The office as the export settings have it; without it, the stored settings. */
  readonly settings?: ExportSettings;
  readonly signal?: AbortSignal;
  /** Images prepared so far, of all the copy shows. */
  readonly onProgress?: (progress: { done: number; total: number }) => void;
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PressdeskError('CANCELLED', 'The review copy was cancelled; nothing was written.');
}

/**
 * The review copy („Freigabeexemplar“) as a PDF: the release on the
 * letterhead as `releasePdf` lays it out, with „ENTWURF – nicht zur
 * Veröffentlichung“, the version and the moment of the copy on every page,
 * every line of the text numbered in the margin, and „Zitate zur Freigabe“
 * on a page of its own at the end. It is what goes out for approval, so the
 * preflight does not block it.
 */
export async function buildReviewCopyPdf(
  deps: PdfDeps,
  input: ReviewCopyInput,
  options: ReviewCopyOptions = {},
): Promise<ReviewCopyFile & { readonly pages: number }> {
  const { release } = input;
  const embargoed = embargoRunning(release.embargoUntil, input.generatedAt);
  const settings = options.settings ?? deps.settings.exportSettings();
  const render = renderInputFor(deps, release, { settings, embargoed, stylesheet: '' });
  const figures = [...(release.leadImage ? [release.leadImage] : []), ...documentFigures(release.body)];
  const images = await prepareImages(deps, figures, options);
  checkCancelled(options.signal);
  const logo = await prepareLogo(deps, settings.office.logoAssetId);
  checkCancelled(options.signal);
  const contact = deps.settings.office()['office.contact'] ?? '';
  const pdf = await renderPdf(render, {
    images,
    logo,
    contact,
    embargoed,
    review: {
      banner: reviewCopyBanner(input, release.language),
      words: reviewCopyWords(release.language),
      quotes: input.quotes,
    },
  });
  checkCancelled(options.signal);
  return { bytes: pdf.data, pages: pdf.pages, fileName: reviewCopyFileName(input, '.pdf') };
}
