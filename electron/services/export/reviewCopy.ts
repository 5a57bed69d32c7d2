import type { HandlersOf } from '../../../shared/contract';
import type { reviewCopyChannels } from '../../../shared/contract/reviewCopy';
import type { Release } from '../../../shared/domain';
import { quotesFromBody, type ReviewCopyInput, type ReviewCopyQuote } from '../../../shared/render/reviewCopy';
import { writeExportFile } from '../docx/docxExport';
import { buildReviewCopyDocx } from '../docx/reviewCopyDocx';
import { buildReviewCopyPdf } from '../pdf/reviewCopyPdf';
import type { PdfDeps } from '../pdf/releasePdf';
import type { ExportSettings } from './bundle';
import type { ReviewCopyFile } from './reviewCopyFile';

export type ReviewCopyFormat = 'pdf' | 'docx';

/** What a review copy is made from: the releases, images and settings, and where its quotes' states come from. */
export interface ReviewCopyDeps extends PdfDeps {
  /**
   * The quotes of a release with their approval state (the quote register).
   * Without it, the quotes of the body, each „offen“.
   */
  readonly quotes?: (release: Release) => readonly ReviewCopyQuote[];
  readonly now?: () => Date;
}

export interface BuildReviewCopyOptions {
  /** The office as the export settings have it; without it, the stored settings. */
  readonly settings?: ExportSettings;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { done: number; total: number }) => void;
}

/** The review copy's input for the saved release: its version, its quotes, the moment now. */
export function reviewCopyInputFor(deps: ReviewCopyDeps, id: string): ReviewCopyInput {
  const release = deps.releases.get(id);
  return {
    release,
    quotes: deps.quotes ? deps.quotes(release) : quotesFromBody(release.body),
    version: release.version,
    generatedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
}

/** The review copy of the saved release, as a PDF or a Word file (no preflight: it goes out for approval). */
export async function buildReviewCopy(
  deps: ReviewCopyDeps,
  id: string,
  format: ReviewCopyFormat,
  options: BuildReviewCopyOptions = {},
): Promise<ReviewCopyFile & { readonly input: ReviewCopyInput }> {
  const input = reviewCopyInputFor(deps, id);
  const file =
    format === 'pdf'
      ? await buildReviewCopyPdf(deps, input, options)
      : await buildReviewCopyDocx(deps, input, {
          settings: options.settings ?? deps.settings.exportSettings(),
          signal: options.signal,
        });
  return { ...file, input };
}

export interface WrittenReviewCopy {
  readonly out: string;
  readonly format: ReviewCopyFormat;
  readonly bytes: number;
  readonly version: number;
  readonly quotes: number;
  /** Pages of a PDF. */
  readonly pages?: number;
}

/**
 * Writes the review copy to `out` atomically (temporary file, then renamed);
 * an existing file is refused (EXPORT_TARGET_EXISTS) unless `replace`.
 */
export async function writeReviewCopy(
  deps: ReviewCopyDeps,
  id: string,
  options: BuildReviewCopyOptions & {
    readonly out: string;
    readonly format: ReviewCopyFormat;
    readonly replace?: boolean;
  },
): Promise<WrittenReviewCopy> {
  const built = await buildReviewCopy(deps, id, options.format, options);
  const out = await writeExportFile(options.out, built.bytes, { replace: options.replace, signal: options.signal });
  return {
    out,
    format: options.format,
    bytes: built.bytes.byteLength,
    version: built.input.version,
    quotes: built.input.quotes.length,
    ...(built.pages !== undefined ? { pages: built.pages } : {}),
  };
}

/** The log entry of a review copy: `exported` with `format: review-pdf | review-docx`. */
export function logReviewCopy(deps: ReviewCopyDeps, id: string, format: ReviewCopyFormat, target: string): void {
  deps.releases.logExport(id, { format: format === 'pdf' ? 'review-pdf' : 'review-docx', target });
}

/** The review copy channel. */
export function reviewCopyHandlers(deps: ReviewCopyDeps): HandlersOf<typeof reviewCopyChannels> {
  return {
    'export.reviewCopy': async ({ id, format }) => {
      const built = await buildReviewCopy(deps, id, format);
      logReviewCopy(deps, id, format, 'download');
      return {
        fileName: built.fileName,
        bytes: new Uint8Array(built.bytes.buffer, built.bytes.byteOffset, built.bytes.byteLength),
        format,
        version: built.input.version,
        quotes: built.input.quotes.length,
        ...(built.pages !== undefined ? { pages: built.pages } : {}),
      };
    },
  };
}
