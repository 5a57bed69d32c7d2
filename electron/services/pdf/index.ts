export { releasePdf, renderPdf, type PdfDeps, type PdfOptions, type ReleasePdf } from './releasePdf';
export { writeReleasePdf, type WritePdfOptions, type WrittenPdf } from './writePdf';
export { buildReviewCopyPdf, type ReviewCopyOptions } from './reviewCopyPdf';
