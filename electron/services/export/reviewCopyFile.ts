import { reviewCopyWords, type ReviewCopyInput } from '../../../shared/render/reviewCopy';
import { bundleFileName } from './exportJobs';

/** A review copy as a file's bytes, with the name it is offered under. */
export interface ReviewCopyFile {
  readonly bytes: Buffer;
  /** `neue-radwege-1a2b3c4d-entwurf-v3.pdf` (`-draft-` for a release in another language). */
  readonly fileName: string;
  /** Pages of a PDF (a Word file is paginated by Word: none). */
  readonly pages?: number;
}

/** The review copy's file name: the release's, with „entwurf“ and the version. */
export function reviewCopyFileName(input: ReviewCopyInput, extension: '.pdf' | '.docx'): string {
  const words = reviewCopyWords(input.release.language);
  return bundleFileName(input.release.headline, input.release.id, `-${words.fileSuffix}-v${input.version}${extension}`);
}
