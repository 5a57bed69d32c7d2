import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Metadata } from 'sharp';
import { loadSharp } from './sharp';
import { ASSET_MAX_BYTES, ASSET_MAX_PIXELS, type Asset, type PhotoMetadata } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { readPhotoMetadata } from './metadata';
import { extensionOf, looksLikeMarkup, sniffImageType, type AssetMime } from './sniff';

/** Width of the thumbnails shown in the UI. */
export const THUMB_WIDTH = 480;

interface AssetRow {
  id: string;
  sha256: string;
  mime: AssetMime;
  byte_size: number;
  width: number;
  height: number;
  original_name: string;
  caption: string;
  credit: string;
  creator: string;
  copyright: string;
  alt: string;
  headline: string;
  keywords_json: string;
  date_created: string | null;
  created_at: string;
}

function toAsset(row: AssetRow): Asset {
  return {
    id: row.id,
    sha256: row.sha256,
    mime: row.mime,
    byteSize: row.byte_size,
    width: row.width,
    height: row.height,
    originalName: row.original_name,
    caption: row.caption,
    credit: row.credit,
    creator: row.creator,
    copyright: row.copyright,
    alt: row.alt,
    headline: row.headline,
    keywords: JSON.parse(row.keywords_json) as string[],
    dateCreated: row.date_created,
    createdAt: row.created_at,
  };
}

function fsError(error: unknown, what: string): PressdeskError {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  if (code === 'ENOSPC') return new PressdeskError('DISK_FULL', 'The disk is full; the image was not stored.');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new PressdeskError('DATA_DIR_NOT_WRITABLE', `The image could not be stored (${code}).`, { reason: code });
  }
  return new PressdeskError('FILE_UNREADABLE', `${what} (${code}).`, { reason: code });
}

/** Writes a file atomically: to a temporary name in the same folder, flushed, then renamed. */
async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  const handle = await open(tmp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** An image as the team server keeps it: the id the releases use, and its descriptive metadata. */
export interface AdoptedAsset {
  readonly id: string;
  readonly metadata: Partial<PhotoMetadata>;
}

export interface AssetListOptions {
  readonly query?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * Content-addressed image store: originals live next to the database as
 * `assets/originals/<aa>/<sha256>.<ext>`, thumbnails as
 * `assets/thumbs/<sha256>-480.webp`. Importing the same bytes twice returns
 * the stored asset. A refused file leaves neither files nor rows behind.
 */
export class AssetStore {
  private readonly root: string;

  constructor(
    private readonly db: Database.Database,
    dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.root = join(dataDir, 'assets');
  }

  originalPath(sha256: string, mime: AssetMime): string {
    return join(this.root, 'originals', sha256.slice(0, 2), `${sha256}.${extensionOf(mime)}`);
  }

  thumbPath(sha256: string): string {
    return join(this.root, 'thumbs', `${sha256}-${THUMB_WIDTH}.webp`);
  }

  find(id: string): Asset | null {
    const row = this.db.prepare<[string], AssetRow>('SELECT * FROM assets WHERE id = ?').get(id);
    return row ? toAsset(row) : null;
  }

  get(id: string): Asset {
    const asset = this.find(id);
    if (!asset) throw new PressdeskError('NOT_FOUND', `No image with id ${id}.`, { id });
    return asset;
  }

  findBySha(sha256: string): Asset | null {
    const row = this.db.prepare<[string], AssetRow>('SELECT * FROM assets WHERE sha256 = ?').get(sha256);
    return row ? toAsset(row) : null;
  }

  list(options: AssetListOptions = {}): { items: Asset[]; total: number } {
    const terms = (options.query ?? '').trim().toLocaleLowerCase('de').split(/\s+/).filter(Boolean);
    const where = terms.map(
      () =>
        `instr(lower(caption || ' ' || credit || ' ' || creator || ' ' || headline || ' ' || original_name), ?) > 0`,
    );
    const sqlWhere = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM assets ${sqlWhere}`).get(...terms) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM assets ${sqlWhere} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`)
      .all(...terms, options.limit ?? -1, options.offset ?? 0) as AssetRow[];
    return { items: rows.map(toAsset), total };
  }

  /** The releases (not in the trash) that show an asset, newest first. */
  usage(id: string): { id: string; headline: string; asLeadImage: boolean }[] {
    this.get(id);
    const needle = `"assetId":${JSON.stringify(id)}`;
    const rows = this.db
      .prepare<[string, string, string], { id: string; headline: string; lead: number }>(
        `SELECT id, headline, instr(coalesce(lead_image_json, ''), ?) > 0 AS lead FROM releases
         WHERE deleted_at IS NULL AND (instr(body_json, ?) > 0 OR instr(coalesce(lead_image_json, ''), ?) > 0)
         ORDER BY coalesce(published_at, updated_at) DESC`,
      )
      .all(needle, needle, needle);
    return rows.map((r) => ({ id: r.id, headline: r.headline, asLeadImage: r.lead === 1 }));
  }

  /** Imports an image file from disk. */
  async importFile(path: string): Promise<Asset> {
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      size = info.size;
    } catch (error) {
      throw fsError(error, `Cannot read ${basename(path)}`);
    }
    if (size > ASSET_MAX_BYTES) throw this.tooLarge(size);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw fsError(error, `Cannot read ${basename(path)}`);
    }
    return this.importBytes(bytes, basename(path));
  }

  private tooLarge(size: number): PressdeskError {
    return new PressdeskError(
      'ASSET_TOO_LARGE',
      `The image is ${Math.round(size / 1024 / 1024)} MB; Pressdesk accepts up to ${ASSET_MAX_BYTES / 1024 / 1024} MB.`,
      { size, limit: ASSET_MAX_BYTES },
    );
  }

  /**
   * Imports an image from bytes (paste, upload, drop). `adopt` keeps the id
   * and the descriptive metadata another workstation of the team gave it;
   * the bytes are checked here like any others.
   */
  async importBytes(input: Uint8Array, originalName = '', adopt?: AdoptedAsset): Promise<Asset> {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (bytes.length === 0) throw new PressdeskError('ASSET_EMPTY', 'The file is empty.');
    if (bytes.length > ASSET_MAX_BYTES) throw this.tooLarge(bytes.length);
    const mime = sniffImageType(bytes);
    if (!mime) {
      const svg = looksLikeMarkup(bytes);
      throw new PressdeskError(
        'ASSET_UNSUPPORTED',
        svg
          ? 'SVG and other markup files are not accepted as images; please use JPEG, PNG, WebP, GIF, AVIF or TIFF.'
          : 'The file is not an image Pressdesk accepts (JPEG, PNG, WebP, GIF, AVIF, TIFF).',
        { kind: svg ? 'markup' : 'unknown' },
      );
    }

    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = this.findBySha(sha256);
    if (existing) return existing;

    // The header alone says how big the image is: refuse bombs before decoding anything.
    const sharp = await loadSharp();
    let info: Metadata;
    try {
      info = await sharp(bytes, { limitInputPixels: false, pages: 1 }).metadata();
    } catch {
      throw new PressdeskError(
        'ASSET_CORRUPT',
        'The image cannot be read; the file is damaged or not really an image.',
      );
    }
    const pixels = (info.width ?? 0) * (info.height ?? 0);
    if (!info.width || !info.height) throw new PressdeskError('ASSET_CORRUPT', 'The image has no readable size.');
    if (pixels > ASSET_MAX_PIXELS) {
      throw new PressdeskError(
        'ASSET_TOO_MANY_PIXELS',
        `The image has ${Math.round(pixels / 1e6)} megapixels; Pressdesk accepts up to ${ASSET_MAX_PIXELS / 1e6}.`,
        { width: info.width, height: info.height },
      );
    }
    const rotated = (info.orientation ?? 1) >= 5;
    const width = rotated ? info.height : info.width;
    const height = rotated ? info.width : info.height;

    // Decoding the whole image for the thumbnail also proves that it is not truncated. The
    // metadata is read meanwhile (sharp works on its own threads).
    const [thumb, metadata] = await Promise.all([
      sharp(bytes, { limitInputPixels: ASSET_MAX_PIXELS, failOn: 'truncated', pages: 1 })
        .rotate()
        .resize({ width: THUMB_WIDTH, height: THUMB_WIDTH, fit: 'inside', withoutEnlargement: true })
        .toColourspace('srgb')
        .webp({ quality: 78 })
        .toBuffer()
        .catch(() => {
          throw new PressdeskError('ASSET_CORRUPT', 'The image is damaged (its pixel data cannot be decoded).');
        }),
      readPhotoMetadata(bytes).then((read) => ({ ...read, ...adopt?.metadata })),
    ]);

    const original = this.originalPath(sha256, mime);
    const thumbFile = this.thumbPath(sha256);
    const created: string[] = [];
    try {
      const writes = (
        [
          [original, bytes],
          [thumbFile, thumb],
        ] as const
      ).filter(([path]) => !existsSync(path));
      const settled = await Promise.allSettled(writes.map(([path, data]) => writeAtomic(path, data)));
      settled.forEach((r, i) => {
        if (r.status === 'fulfilled') created.push(writes[i]![0]);
      });
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      const id = adopt?.id ?? randomUUID();
      this.db
        .prepare(
          `INSERT INTO assets (id, sha256, mime, byte_size, width, height, original_name, caption, credit, creator,
             copyright, alt, headline, keywords_json, date_created, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          sha256,
          mime,
          bytes.length,
          width,
          height,
          originalName.normalize('NFC').slice(0, 255),
          metadata.caption,
          metadata.credit,
          metadata.creator,
          metadata.copyright,
          metadata.alt,
          metadata.headline,
          JSON.stringify(metadata.keywords),
          metadata.dateCreated,
          this.now().toISOString(),
        );
      return this.get(id);
    } catch (error) {
      // Nothing half-done stays behind: files written for this import go again.
      await Promise.all(created.map((p) => rm(p, { force: true })));
      const raced = this.findBySha(sha256);
      if (raced) return raced;
      if (error instanceof PressdeskError) throw error;
      if ((error as { code?: string }).code?.startsWith('SQLITE')) throw error;
      throw fsError(error, 'The image could not be stored');
    }
  }

  /** The thumbnail file of an asset (generated again if it went missing). */
  async thumbnail(id: string): Promise<{ path: string; mime: string }> {
    const asset = this.get(id);
    const path = this.thumbPath(asset.sha256);
    if (!existsSync(path)) {
      const sharp = await loadSharp();
      const data = await sharp(this.originalPath(asset.sha256, asset.mime), {
        limitInputPixels: ASSET_MAX_PIXELS,
        pages: 1,
      })
        .rotate()
        .resize({ width: THUMB_WIDTH, height: THUMB_WIDTH, fit: 'inside', withoutEnlargement: true })
        .toColourspace('srgb')
        .webp({ quality: 78 })
        .toBuffer();
      await writeAtomic(path, data);
    }
    return { path, mime: 'image/webp' };
  }

  /** The original file of an asset. */
  original(id: string): { path: string; mime: string } {
    const asset = this.get(id);
    return { path: this.originalPath(asset.sha256, asset.mime), mime: asset.mime };
  }
}
