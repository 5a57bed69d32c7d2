import { open, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  MAX_CONTACT_FILE_BYTES,
  type ContactImportError,
  type ContactImportSummary,
} from '../../../shared/contract/contacts';
import { PressdeskError } from '../../../shared/errors';
import { contactsCsv } from './contactExport';
import { runContactImport, type ContactImportFile, type ContactImportOptions } from './contactImport';
import type { ContactRepository } from './contactRepository';

/**
 * Imports contact files named by path (the CLI): each is read whole after a
 * size check; a file that cannot be read is reported with FILE_UNREADABLE,
 * one that is no regular file with IMPORT_NOT_A_FILE, one too large with
 * IMPORT_TOO_LARGE, and the others are imported. Cancelled through
 * `options.signal`, it fails with CANCELLED after keeping the files written
 * before (named in the message and in details.imported); the file in progress
 * and those after it are left out whole.
 */
export async function importContactPaths(
  repo: ContactRepository,
  paths: readonly string[],
  options: ContactImportOptions = {},
): Promise<ContactImportSummary> {
  const files: ContactImportFile[] = [];
  const refused: ContactImportError[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (!info.isFile()) {
        refused.push({ file: path, line: 0, code: 'IMPORT_NOT_A_FILE', message: 'This is no file (a folder?).' });
        continue;
      }
      if (info.size > MAX_CONTACT_FILE_BYTES) {
        refused.push({
          file: path,
          line: 0,
          code: 'IMPORT_TOO_LARGE',
          message: `The file is larger than a contact import accepts (${MAX_CONTACT_FILE_BYTES / 1024 / 1024} MB).`,
        });
        continue;
      }
      const handle = await open(path, 'r');
      try {
        files.push({ name: path, bytes: new Uint8Array(await handle.readFile()) });
      } finally {
        await handle.close();
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      refused.push({ file: path, line: 0, code: 'FILE_UNREADABLE', message: `The file cannot be read (${code}).` });
    }
  }
  const run = await runContactImport(repo, files, options);
  if (run.cancelled) {
    const imported = run.files.filter((f) => f.state === 'imported').map((f) => f.file);
    throw new PressdeskError(
      'CANCELLED',
      imported.length === 0
        ? 'The import was cancelled; no file was imported.'
        : `The import was cancelled; imported before: ${imported.join(', ')}. The file in progress and those after it were not imported.`,
      { imported, summary: run.summary },
    );
  }
  const summary = run.summary;
  // Reported in the order the files were named.
  const order = new Map(paths.map((p, i) => [p, i]));
  const errors = [...refused, ...summary.errors].sort(
    (a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line,
  );
  return { ...summary, errors };
}

/** Writes the contacts (of the list with this name, or all) as an Excel CSV at `out`, which must not exist. */
export async function exportContactsTo(
  repo: ContactRepository,
  out: string,
  options: { list?: string } = {},
): Promise<{ file: string; count: number }> {
  let listId: string | undefined;
  if (options.list !== undefined) {
    const list = repo.findList(options.list);
    if (!list) throw new PressdeskError('LIST_NOT_FOUND', `There is no list "${options.list}".`);
    listId = list.id;
  }
  const contacts = repo.all(listId);
  const bytes = contactsCsv(contacts);
  let written = false;
  try {
    const handle = await open(out, 'wx');
    written = true;
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
  } catch (error) {
    // Nothing half-written stays behind.
    if (written) await rm(out, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'EEXIST') {
      throw new PressdeskError('EXPORT_TARGET_EXISTS', `${basename(out)} exists already; choose another name.`, {
        out,
      });
    }
    if (code === 'ENOSPC') throw new PressdeskError('DISK_FULL', 'The disk is full; no file was written.', { out });
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'EISDIR') {
      throw new PressdeskError('EXPORT_TARGET_NOT_WRITABLE', `The file cannot be written there (${code}).`, { out });
    }
    throw new PressdeskError('INTERNAL', `The file could not be written (${code}).`, { out });
  }
  return { file: out, count: contacts.length };
}
