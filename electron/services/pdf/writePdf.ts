import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PressdeskError } from '../../../shared/errors';
import type { Finding } from '../../../shared/preflight';
import { nodeExportFs, type ExportFs } from '../export/bundle';
import { releasePdf, type PdfDeps, type PdfOptions } from './releasePdf';

export interface WritePdfOptions extends PdfOptions {
  /** The PDF file to create. */
  readonly out: string;
  /** Replace an existing file (the user confirmed it in a save dialog); never anything but a plain file. */
  readonly replaceFile?: boolean;
  /** The file system the PDF is written through (tests inject faults). */
  readonly fs?: ExportFs;
}

export interface WrittenPdf {
  readonly out: string;
  readonly bytes: number;
  readonly pages: number;
  readonly embargoed: boolean;
  readonly findings: Finding[];
}

function writeError(error: unknown, out: string): PressdeskError {
  if (error instanceof PressdeskError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  if (code === 'ENOSPC') return new PressdeskError('DISK_FULL', 'The disk is full; no PDF was written.', { out });
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new PressdeskError('EXPORT_TARGET_NOT_WRITABLE', `The folder ${dirname(out)} does not exist.`, {
      out,
      reason: code,
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'EISDIR') {
    return new PressdeskError('EXPORT_TARGET_NOT_WRITABLE', `The PDF cannot be written there (${code}).`, {
      out,
      reason: code,
    });
  }
  return new PressdeskError('INTERNAL', `The PDF could not be written (${code}).`, { out, reason: code });
}

/**
 * Writes a release's PDF to a file, atomically: into a temporary file next
 * to the target, then renamed into place, so a failure, a full disk or a
 * cancel leaves nothing behind. An existing file is replaced only when
 * `replaceFile` says so (a save dialog asked), a folder never.
 */
export async function writeReleasePdf(deps: PdfDeps, id: string, options: WritePdfOptions): Promise<WrittenPdf> {
  const out = resolve(options.out);
  const isFile = (() => {
    try {
      return statSync(out).isFile();
    } catch {
      return false;
    }
  })();
  if (existsSync(out) && !(options.replaceFile === true && isFile)) {
    throw new PressdeskError('EXPORT_TARGET_EXISTS', `${basename(out)} exists already; choose another name.`, { out });
  }
  if (!existsSync(dirname(out))) {
    throw new PressdeskError('EXPORT_TARGET_NOT_WRITABLE', `The folder ${dirname(out)} does not exist.`, {
      out,
      reason: 'ENOENT',
    });
  }
  const pdf = await releasePdf(deps, id, options);
  const fs = options.fs ?? nodeExportFs;
  const tmp = join(dirname(out), `.${basename(out)}.${randomUUID()}.partial`);
  try {
    await fs.writeFile(tmp, pdf.bytes);
    if (options.signal?.aborted) {
      throw new PressdeskError('CANCELLED', 'The PDF export was cancelled; nothing was written.');
    }
    await fs.rename(tmp, out);
  } catch (error) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw writeError(error, out);
  }
  return { out, bytes: pdf.bytes.length, pages: pdf.pages, embargoed: pdf.embargoed, findings: pdf.findings };
}
