import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { documentFigures } from '../../../shared/document';
import { ASSET_MAX_PIXELS, embargoRunning, type Release } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import type { Finding } from '../../../shared/preflight';
import type { RenderInput } from '../../../shared/render';
import { renderWireText } from '../../../shared/render/ots';
import type { AssetStore } from '../assets/assetStore';
import { loadSharp } from '../assets/sharp';
import { checkRelease as checkForOutput, renderInputFor, type ExportSettings } from '../export/bundle';
import { bundleFileName } from '../export/exportJobs';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { DocxImage } from './docxWriter';

/** Widest JPEG put into the Word file: sharp on screen and in print at the width it is shown, small enough to mail. */
export const DOCX_IMAGE_WIDTH = 1600;
const DOCX_JPEG_QUALITY = 82;

export interface DocxDeps {
  readonly releases: ReleaseRepository;
  readonly assets: AssetStore;
}

export interface DocxOptions {
  readonly settings: ExportSettings;
  /** The user chose the embargoed form (required while the embargo runs, like the bundle). */
  readonly embargoed?: boolean;
  readonly now?: Date;
  readonly signal?: AbortSignal;
}

export interface BuiltDocx {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly embargoed: boolean;
  readonly findings: Finding[];
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PressdeskError('CANCELLED', 'The export was cancelled; nothing was written.');
}

/**
 * The checks every public output of a release runs first, as the bundle's
 * export does: errors refuse it with EXPORT_BLOCKED (details: the findings).
 */
export function checkRelease(
  deps: DocxDeps,
  release: Release,
  options: { now: string; embargoed: boolean },
): Finding[] {
  return checkForOutput(deps, release, options);
}

/** The release's render input (the bundle's, without renditions), after its checks. */
export function checkedRenderInput(
  deps: DocxDeps,
  id: string,
  options: DocxOptions,
): { release: Release; input: RenderInput; findings: Finding[]; embargoed: boolean } {
  const release = deps.releases.get(id);
  const now = (options.now ?? new Date()).toISOString();
  const findings = checkRelease(deps, release, { now, embargoed: options.embargoed === true });
  const embargoed = embargoRunning(release.embargoUntil, now);
  const input = renderInputFor(deps, release, { settings: options.settings, embargoed, stylesheet: '' });
  return { release, input, findings, embargoed };
}

/** One stored image as the Word file's JPEG: oriented, sRGB, on white, at most DOCX_IMAGE_WIDTH wide, no metadata. */
export async function docxImage(assets: AssetStore, assetId: string): Promise<DocxImage> {
  const sharp = await loadSharp();
  const { path } = assets.original(assetId);
  const { data, info } = await sharp(path, { limitInputPixels: ASSET_MAX_PIXELS, pages: 1 })
    .rotate()
    .resize({ width: DOCX_IMAGE_WIDTH, withoutEnlargement: true })
    .toColourspace('srgb')
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: DOCX_JPEG_QUALITY, mozjpeg: false })
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/**
 * A release as a Word file (.docx), from the same data as its page: the
 * preflight runs first and its errors block; images are placed as JPEGs with
 * their alt text, caption and credit. The same release version gives the
 * same bytes.
 */
export async function buildReleaseDocx(deps: DocxDeps, id: string, options: DocxOptions): Promise<BuiltDocx> {
  const { release, input, findings, embargoed } = checkedRenderInput(deps, id, options);
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
  const bytes = await releaseDocx(input, images);
  return { fileName: bundleFileName(release.headline, release.id, '.docx'), bytes, embargoed, findings };
}

/** The release's wire text (presseportal/ots layout) after the same checks. */
export function buildWireText(deps: DocxDeps, id: string, options: DocxOptions): BuiltText {
  const { release, input, findings, embargoed } = checkedRenderInput(deps, id, options);
  return {
    fileName: bundleFileName(release.headline, release.id, '.txt'),
    text: renderWireText(input),
    embargoed,
    findings,
  };
}

export interface BuiltText {
  readonly fileName: string;
  readonly text: string;
  readonly embargoed: boolean;
  readonly findings: Finding[];
}

export interface WrittenFile {
  readonly out: string;
  readonly bytes: number;
  readonly embargoed: boolean;
  readonly findings: Finding[];
}

/**
 * Writes one exported file atomically: into a temporary file next to the
 * target, then renamed into place. An existing target is refused unless
 * `replace` (a save dialog asked); a failure leaves nothing behind.
 */
export async function writeExportFile(
  outPath: string,
  data: Uint8Array | string,
  options: { replace?: boolean; signal?: AbortSignal } = {},
): Promise<string> {
  const out = resolve(outPath);
  if (existsSync(out) && options.replace !== true)
    throw new PressdeskError('EXPORT_TARGET_EXISTS', `${basename(out)} exists already; choose another name.`, { out });
  const tmp = join(dirname(out), `.${basename(out)}.${randomUUID()}.partial`);
  try {
    checkCancelled(options.signal);
    await fsp.writeFile(tmp, data, { flag: 'wx' });
    checkCancelled(options.signal);
    if (options.replace !== true && existsSync(out))
      throw new PressdeskError('EXPORT_TARGET_EXISTS', `${basename(out)} exists already; choose another name.`, {
        out,
      });
    await fsp.rename(tmp, out);
  } catch (error) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    if (error instanceof PressdeskError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOSPC') throw new PressdeskError('DISK_FULL', 'The disk is full; nothing was written.', { out });
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'ENOTDIR')
      throw new PressdeskError('EXPORT_TARGET_NOT_WRITABLE', `The file cannot be written there (${code}).`, {
        out,
        reason: code,
      });
    throw new PressdeskError('INTERNAL', `The file could not be written (${code}).`, { out, reason: code });
  }
  return out;
}

/** Builds the Word file and writes it to `out` (which must not exist). */
export async function exportReleaseDocx(
  deps: DocxDeps,
  id: string,
  options: DocxOptions & { readonly out: string; readonly replace?: boolean },
): Promise<WrittenFile> {
  const built = await buildReleaseDocx(deps, id, options);
  const out = await writeExportFile(options.out, built.bytes, options);
  return { out, bytes: built.bytes.byteLength, embargoed: built.embargoed, findings: built.findings };
}

/** Writes the wire text to `out` (which must not exist). */
export async function exportReleaseWireText(
  deps: DocxDeps,
  id: string,
  options: DocxOptions & { readonly out: string; readonly replace?: boolean },
): Promise<WrittenFile> {
  const built = buildWireText(deps, id, options);
  const out = await writeExportFile(options.out, built.text, options);
  return {
    out,
    bytes: Buffer.byteLength(built.text),
    embargoed: built.embargoed,
    findings: built.findings,
  };
}
