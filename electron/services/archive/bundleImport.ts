import { basename, posix } from 'node:path';
import { houseCredit } from '../../../shared/domain/credit';
import { PressdeskError, toErrorPayload } from '../../../shared/errors';
import type { AssetStore } from '../assets/assetStore';
import type { RawRecord } from '../releases/interchange';
import type { ImportSource } from './importer';

/** The bundle format written by the export (see docs/FORMAT.md). */
const BUNDLE_FORMAT = 'pressdesk.bundle/1';

/** Whether a path given inside an import file stays below that file's folder. */
export function isSafeRelativePath(rel: string): boolean {
  if (rel === '' || rel.length > 1000) return false;
  if (rel.startsWith('/') || rel.startsWith('\\') || /^[a-z]:/i.test(rel) || rel.includes('\0')) return false;
  return !rel.split(/[\\/]/).some((part) => part === '..');
}

function folderOf(name: string): string {
  const i = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return i < 0 ? '' : name.slice(0, i);
}

/**
 * An exported bundle (a folder or ZIP with manifest.json of the bundle
 * format) is imported through its release.json alone: the page, the text
 * version and the renditions are not releases of their own.
 */
export async function keepBundleReleases(sources: readonly ImportSource[]): Promise<ImportSource[]> {
  const bundles = new Set<string>();
  for (const s of sources) {
    if (basename(s.name) !== 'manifest.json') continue;
    try {
      const manifest = JSON.parse(new TextDecoder().decode(await s.read())) as { format?: unknown };
      if (manifest.format === BUNDLE_FORMAT) bundles.add(folderOf(s.name));
    } catch {
      // not a bundle manifest: imported (and judged) like any other file
    }
  }
  if (bundles.size === 0) return [...sources];
  const within = (name: string): string | undefined =>
    [...bundles].find((dir) => dir === '' || name === dir || name.startsWith(`${dir}/`) || name.startsWith(`${dir}\\`));
  return sources.filter((s) => {
    const dir = within(s.name);
    return (
      dir === undefined ||
      s.name === (dir === '' ? 'release.json' : `${dir}/release.json`) ||
      s.name === `${dir}\\release.json`
    );
  });
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Interchange records may place images by file (`leadImage.file`, figure
 * `attrs.file`, relative to the JSON file). Each file is stored as an asset
 * and the reference becomes its id; caption, credit and alt text not given
 * in the record come from the photo's metadata. A record whose image cannot
 * be read or stored is refused with that error.
 */
export async function resolveRecordImages(
  records: readonly RawRecord[],
  source: ImportSource,
  assets: AssetStore,
): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for (const record of records) {
    if (record.error || !isObject(record.value)) {
      out.push(record);
      continue;
    }
    try {
      const value: Json = { ...record.value };
      const place = async (attrs: Json): Promise<Json> => {
        const file = attrs.file;
        if (typeof file !== 'string') return attrs;
        if (!isSafeRelativePath(file)) {
          throw new PressdeskError(
            'IMPORT_INVALID',
            `The image path ${file.slice(0, 100)} leaves the folder of the import file.`,
          );
        }
        if (!source.sibling) {
          throw new PressdeskError(
            'IMPORT_INVALID',
            `Images given by file can only be imported from files on disk or inside a ZIP (${basename(file)}).`,
          );
        }
        const asset = await assets.importBytes(
          await source.sibling(posix.normalize(file.replace(/\\/g, '/'))),
          basename(file),
        );
        const { file: _file, ...rest } = attrs;
        const text = (key: string, fallback: string): string => (typeof rest[key] === 'string' ? rest[key] : fallback);
        return {
          ...rest,
          assetId: asset.id,
          caption: text('caption', asset.caption),
          credit: text('credit', houseCredit(asset.credit, asset.creator)),
          creditRaw: text('creditRaw', asset.credit),
          alt: text('alt', asset.alt),
          decorative: typeof rest.decorative === 'boolean' ? rest.decorative : false,
        };
      };
      if (isObject(value.leadImage)) value.leadImage = await place(value.leadImage);
      const visit = async (node: unknown): Promise<unknown> => {
        if (!isObject(node)) return node;
        const copy: Json = { ...node };
        if (copy.type === 'figure' && isObject(copy.attrs)) copy.attrs = await place(copy.attrs);
        if (Array.isArray(copy.content)) copy.content = await Promise.all(copy.content.map(visit));
        return copy;
      };
      if (isObject(value.body)) value.body = await visit(value.body);
      out.push({ index: record.index, value });
    } catch (error) {
      const p = toErrorPayload(error);
      out.push({
        index: record.index,
        error: error instanceof PressdeskError ? error : new PressdeskError(p.code, p.message),
      });
    }
  }
  return out;
}
