import type { HandlersOf } from '../../../shared/contract';
import type { pdfChannels } from '../../../shared/contract/pdf';
import { releasePdf, type PdfDeps } from './releasePdf';

/** The PDF channels. */
export function pdfHandlers(deps: PdfDeps & { readonly now?: () => Date }): HandlersOf<typeof pdfChannels> {
  return {
    'export.pdf': async ({ id }) => {
      const pdf = await releasePdf(deps, id, { now: deps.now?.() });
      deps.releases.logExport(id, { format: 'pdf', target: 'download', embargoed: pdf.embargoed });
      return {
        fileName: pdf.fileName,
        bytes: new Uint8Array(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength),
        embargoed: pdf.embargoed,
        findings: pdf.findings,
        pages: pdf.pages,
      };
    },
  };
}
