import { closeSync, constants, fstatSync, openSync, type Dirent, type Stats } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { basename, sep } from 'node:path';
import { PressdeskError } from '../../../shared/errors';

// Absent on Windows, where FIFOs and symbolic links behave differently anyway.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const NON_BLOCK = constants.O_NONBLOCK ?? 0;
const NO_CTTY = constants.O_NOCTTY ?? 0;

/** What a folder entry is when it is not a regular file or a folder, in words for the import report. */
export function specialKind(entry: Dirent | Stats): string {
  if (entry.isSymbolicLink()) return 'a symbolic link';
  if (entry.isFIFO()) return 'a FIFO (named pipe)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

/** The import report's entry for something that is not read. */
export function notAFile(path: string, kind: string): PressdeskError {
  return new PressdeskError(
    'IMPORT_NOT_A_FILE',
    `${basename(path)} is ${kind}; the import reads regular files only and follows no links.`,
    { kind },
  );
}

/**
 * Reads a regular file whole. It is opened without blocking (a FIFO would
 * otherwise wait for a writer forever; opened like this it is refused at
 * once) and, unless `followLinks`, refusing a symbolic link as its last part;
 * what was opened is checked to be a regular file before a byte is read. So a
 * link or pipe put in a file's place after the folder was listed is refused too.
 */
export async function readRegularFile(path: string, followLinks: boolean): Promise<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | NON_BLOCK | NO_CTTY | (followLinks ? 0 : NO_FOLLOW));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    // O_NOFOLLOW answers ELOOP (Linux, macOS) or EMLINK (FreeBSD) for a link.
    if (!followLinks && (code === 'ELOOP' || code === 'EMLINK')) throw notAFile(path, 'a symbolic link');
    throw new PressdeskError('FILE_UNREADABLE', `Cannot read ${basename(path)} (${code}).`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notAFile(path, specialKind(info));
    return await handle.readFile();
  } catch (error) {
    if (error instanceof PressdeskError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new PressdeskError('FILE_UNREADABLE', `Cannot read ${basename(path)} (${code}).`);
  } finally {
    await handle.close();
  }
}

/** The same checks for reading a file in chunks: an open descriptor of a regular file, or an error. */
export function openRegularFileSync(path: string, followLinks: boolean): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NON_BLOCK | NO_CTTY | (followLinks ? 0 : NO_FOLLOW));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (!followLinks && (code === 'ELOOP' || code === 'EMLINK')) throw notAFile(path, 'a symbolic link');
    throw new PressdeskError('FILE_UNREADABLE', `Cannot read ${basename(path)} (${code}).`);
  }
  const info = fstatSync(fd);
  if (!info.isFile()) {
    closeSync(fd);
    throw notAFile(path, specialKind(info));
  }
  return fd;
}

/** Whether `path`, with every link in it resolved, lies inside the folder `dir` (also resolved). */
export async function staysInside(dir: string, path: string): Promise<boolean> {
  const [realDir, realPath] = await Promise.all([realpath(dir), realpath(path)]);
  return realPath.startsWith(realDir.endsWith(sep) ? realDir : realDir + sep);
}
