import { createHash, randomUUID } from 'node:crypto';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, type Zippable } from 'fflate';
import {
  documentFigures,
  stripComments,
  type BlockNode,
  type DocumentNode,
  type FigureAttrs,
} from '../../../shared/document';
import { embargoRunning, releaseSlug, releaseToInterchange, type Release } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { blocking, preflight, publicRelated, type Finding } from '../../../shared/preflight';
import { absoluteUrl } from '../../../shared/render/attrs';
import {
  renderReleaseHtml,
  renderReleaseText,
  type Office,
  type RelatedRelease,
  type RenderAsset,
  type RenderInput,
} from '../../../shared/render';
import type { AssetStore } from '../assets/assetStore';
import type { ReleaseRepository } from '../releases/releaseRepository';
import { PRESSDESK_VERSION } from '../version';
import { makeLogo, makeRenditions, type RenditionFile } from './renditions';

export const BUNDLE_FORMAT = 'pressdesk.bundle/1';
export const STYLESHEET = 'theme.css';

export interface ExportSettings {
  /** The office; its logo as the id of a stored image (the bundle writes it as a file, the preview shows the original). */
  readonly office: Omit<Office, 'logo'> & { readonly logoAssetId?: string };
  readonly baseUrl?: string;
}

/** A related release's public address: the office website's base URL and the release's slug. */
export function relatedReleaseUrl(
  officeUrl: string | undefined,
  release: Pick<Release, 'headline' | 'id'>,
): string | undefined {
  return absoluteUrl(officeUrl, releaseSlug(release.headline, release.id));
}

/**
 * The few file operations the bundle writer needs. Tests pass their own to
 * prove what happens when the disk fills up or the target refuses writes.
 */
export interface ExportFs {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export const nodeExportFs: ExportFs = {
  mkdir: (path, options) => fsp.mkdir(path, options),
  writeFile: (path, data) => fsp.writeFile(path, data),
  rename: (from, to) => fsp.rename(from, to),
};

export interface ExportOptions {
  /** Target folder, or the .zip file when `zip` is set. Must not exist yet. */
  readonly out: string;
  readonly zip?: boolean;
  /**
   * A zip may replace an existing file (the user confirmed it in a save
   * dialog); the new zip takes its place in one rename. Folders and anything
   * that is not a plain file are never replaced.
   */
  readonly replaceFile?: boolean;
  /** The user chose an embargoed bundle (needed while the embargo runs). */
  readonly embargoed?: boolean;
  /** Other releases to show as teaser cards (Weitere Meldungen); without it, the release's own. */
  readonly relatedIds?: readonly string[];
  readonly settings: ExportSettings;
  readonly now?: Date;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { done: number; total: number }) => void;
  /** The file system the bundle is written through (the real one unless a test says otherwise). */
  readonly fs?: ExportFs;
}

export type BuildOptions = Omit<ExportOptions, 'out' | 'zip' | 'fs'>;

export interface BuiltBundle {
  readonly release: Release;
  /** Every file of the bundle by its path, manifest.json included. */
  readonly files: ReadonlyMap<string, string | Uint8Array>;
  /** The manifest's entries (every file but manifest.json). */
  readonly entries: readonly ManifestEntry[];
  readonly findings: Finding[];
  readonly embargoed: boolean;
}

export interface ManifestEntry {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

export interface ExportResult {
  readonly out: string;
  readonly embargoed: boolean;
  readonly findings: Finding[];
  readonly files: ManifestEntry[];
}

let themeCache: string | undefined;

const THEME = join('resources', 'export-theme.css');
const SOURCE_DIR = join('electron', 'services', 'export');

/**
 * Where the installation keeps the export theme, from the folder of the code
 * that asks: `resources/` at the installation's root, two levels above the
 * built bundles (`out/main`, `out/cli`, `out/web`, also inside the packaged
 * app's archive) and three above this file in the source tree. Never the
 * working directory or a folder above the installation: a theme found there
 * would be whatever someone left in the folder the command was started from.
 */
export function installedThemePath(moduleDir: string): string | null {
  const dir = resolve(moduleDir);
  if (basename(dirname(dir)) === 'out') return join(dirname(dirname(dir)), THEME);
  if (dir.endsWith(`${sep}${SOURCE_DIR}`)) return join(dir, '..', '..', '..', THEME);
  return null;
}

/** This module's folder: `__dirname` in the CommonJS bundles and under Vitest, `import.meta.url` when run as ES module source. */
function moduleDir(): string {
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

/** The export theme of this installation (see installedThemePath). */
export function exportTheme(): string {
  if (themeCache !== undefined) return themeCache;
  const path = installedThemePath(moduleDir());
  const css = path === null ? null : readTextFile(path);
  if (css === null) throw new PressdeskError('INTERNAL', 'The export theme is missing from this installation.');
  themeCache = css;
  return css;
}

function readTextFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PressdeskError('CANCELLED', 'The export was cancelled; nothing was written.');
}

function isPlainFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The body with each figure's asset id replaced by a bundle file (for release.json). */
function withFiles(doc: DocumentNode, fileOf: (assetId: string) => string): DocumentNode {
  const map = (blocks: readonly BlockNode[]): BlockNode[] =>
    blocks.map((b): BlockNode => {
      if (b.type === 'figure')
        return { type: 'figure', attrs: { ...b.attrs, file: fileOf(b.attrs.assetId) } as FigureAttrs };
      if (b.type === 'blockquote') return { ...b, content: map(b.content) };
      if (b.type === 'bulletList' || b.type === 'orderedList') {
        return { ...b, content: b.content.map((item) => ({ ...item, content: map(item.content) })) };
      }
      return b;
    });
  return { type: 'doc', content: map(doc.content) };
}

function fsError(error: unknown, out: string): PressdeskError {
  if (error instanceof PressdeskError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  if (code === 'ENOSPC') return new PressdeskError('DISK_FULL', 'The disk is full; no bundle was written.', { out });
  if (code === 'EEXIST' || code === 'ENOTEMPTY') {
    return new PressdeskError('EXPORT_TARGET_EXISTS', `${basename(out)} exists already; choose another name.`, { out });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new PressdeskError('EXPORT_TARGET_NOT_WRITABLE', `The bundle cannot be written there (${code}).`, {
      out,
      reason: code,
    });
  }
  return new PressdeskError('INTERNAL', `The bundle could not be written (${code}).`, { out, reason: code });
}

/** The bundle as one zip: entries sorted, fixed times (the release's), images stored, text deflated. */
export function zipBundle(files: ReadonlyMap<string, string | Uint8Array>, updatedAt: string): Uint8Array {
  const tree: Zippable = {};
  const mtime = new Date(updatedAt);
  for (const path of [...files.keys()].sort()) {
    const data = files.get(path)!;
    tree[path] = [
      typeof data === 'string' ? new TextEncoder().encode(data) : data,
      { mtime, level: path.endsWith('.jpg') || path.endsWith('.webp') ? 0 : 6 },
    ];
  }
  return zipSync(tree);
}

export interface RenderInputOptions {
  readonly settings: ExportSettings;
  readonly embargoed: boolean;
  readonly stylesheet: string;
  /** The images with their renditions; without it, each image is shown from its stored original. */
  readonly assets?: Readonly<Record<string, RenderAsset>>;
  /** Where the original of a stored image is served (for the in-app preview). */
  readonly imageUrl?: (assetId: string) => string;
  readonly relatedReleases?: readonly RelatedRelease[];
  /** The logo as a file of the bundle; without it, the stored logo is shown from `imageUrl`. */
  readonly logo?: Office['logo'];
}

/** The data a release's page is rendered from: the same for the bundle and the preview. */
export function renderInputFor(
  deps: { assets: AssetStore },
  release: Release,
  options: RenderInputOptions,
): RenderInput {
  let assets = options.assets;
  if (!assets) {
    const fromStore: Record<string, RenderAsset> = {};
    const placed = [...(release.leadImage ? [release.leadImage] : []), ...documentFigures(release.body)];
    for (const f of placed) {
      const asset = deps.assets.find(f.assetId);
      if (!asset || fromStore[f.assetId]) continue;
      const path = options.imageUrl ? options.imageUrl(asset.id) : '';
      fromStore[asset.id] = {
        width: asset.width,
        height: asset.height,
        creator: asset.creator,
        copyright: asset.copyright,
        renditions: [{ path, width: asset.width, height: asset.height, type: 'image/jpeg' }],
      };
    }
    assets = fromStore;
  }
  return {
    id: release.id,
    version: release.version,
    language: release.language,
    topic: release.topic,
    headline: release.headline,
    subheadline: release.subheadline,
    teaser: release.teaser,
    dateline: release.dateline,
    releaseNumber: release.releaseNumber,
    publishedAt: release.publishedAt,
    updatedAt: release.updatedAt,
    embargoUntil: release.embargoUntil,
    tags: release.tags,
    // Comment anchors never leave the workstation: every output is rendered from this input.
    body: stripComments(release.body),
    leadImage: release.leadImage,
    assets,
    relatedLinks: release.relatedLinks,
    relatedReleases: options.relatedReleases ?? [],
    pressContact: release.pressContact,
    boilerplate: release.boilerplate,
    office: officeFor(deps, options),
    baseUrl: options.embargoed ? undefined : options.settings.baseUrl,
    embargoed: options.embargoed,
    stylesheet: options.stylesheet,
  };
}

/** The office as the page shows it: its logo from the bundle, else served from the store, else none. */
function officeFor(deps: { assets: AssetStore }, options: RenderInputOptions): Office {
  const { logoAssetId, ...office } = options.settings.office;
  if (options.logo) return { ...office, logo: options.logo };
  const asset = logoAssetId && options.imageUrl ? deps.assets.find(logoAssetId) : null;
  if (!asset || !options.imageUrl) return office;
  return { ...office, logo: { path: options.imageUrl(asset.id), width: asset.width, height: asset.height } };
}

/**
 * The releases a page names as teaser cards, whatever their state: those
 * asked for (each must exist), else the release's own related releases that
 * still exist. Preflight reports the ones the public may not see.
 */
export function relatedCandidatesOf(
  deps: { releases: ReleaseRepository },
  release: Release,
  asked?: readonly string[],
): Release[] {
  if (asked) return asked.map((id) => deps.releases.get(id));
  return release.relatedReleaseIds
    .filter((id) => id !== release.id)
    .map((id) => deps.releases.find(id))
    .filter((r): r is Release => r !== null);
}

/**
 * The releases shown as teaser cards: of the candidates, only those the public
 * may see at `now` (published, not in the trash, embargo passed). A card shows
 * headline, topic, image and credit, so a draft or an embargoed release must
 * never appear, not even in an embargoed bundle.
 */
export function relatedReleasesOf(
  deps: { releases: ReleaseRepository },
  release: Release,
  asked: readonly string[] | undefined,
  now: Date | string,
): Release[] {
  return publicRelated(relatedCandidatesOf(deps, release, asked), typeof now === 'string' ? now : now.toISOString());
}

/** Teaser cards with each lead image served from the store (for the in-app preview). */
export function relatedCardsFromStore(
  deps: { assets: AssetStore },
  related: readonly Release[],
  imageUrl: (assetId: string) => string,
  officeUrl?: string,
): RelatedRelease[] {
  return related.map((r) => {
    const asset = r.leadImage ? deps.assets.find(r.leadImage.assetId) : null;
    return {
      topic: r.topic,
      headline: r.headline,
      url: relatedReleaseUrl(officeUrl, r),
      image:
        asset && r.leadImage
          ? {
              path: imageUrl(asset.id),
              width: asset.width,
              height: asset.height,
              alt: r.leadImage.decorative ? '' : r.leadImage.alt,
              credit: r.leadImage.credit,
            }
          : undefined,
    };
  });
}

interface Placed {
  readonly assetId: string;
  readonly base: string;
  readonly texts: FigureAttrs;
  readonly widths?: readonly number[];
}

/** How the checks before a public output run. */
export interface ReleaseCheckOptions {
  /** The moment of the output (ISO). */
  readonly now: string;
  /** The output carries a running embargo (an embargoed bundle, a mail, a PDF): the embargo does not block it. */
  readonly embargoed: boolean;
  /** The related releases to check; the release's own when missing. */
  readonly related?: readonly Release[];
  /** The output needs an approved or published release (a mailing to the press list). */
  readonly requireApproved?: boolean;
}

/**
 * The findings of the checks before every public output of a release
 * (bundle, PDF, Word, wire text, mail): the release's own preflight, and the
 * approval's (a stale approval, quotes not approved).
 */
export function releaseFindings(
  deps: { releases: ReleaseRepository; assets: Pick<AssetStore, 'find'> },
  release: Release,
  options: ReleaseCheckOptions,
): Finding[] {
  const leadAsset = release.leadImage ? deps.assets.find(release.leadImage.assetId) : null;
  return preflight(
    {
      headline: release.headline,
      teaser: release.teaser,
      topic: release.topic,
      body: release.body,
      leadImage: release.leadImage,
      leadImageWidth: leadAsset?.width,
      embargoUntil: release.embargoUntil,
      relatedLinks: release.relatedLinks,
      relatedReleases: options.related ?? relatedCandidatesOf(deps, release),
      status: release.status,
      approval: deps.releases.approvalGate(release),
    },
    { now: options.now, embargoed: options.embargoed, requireApproved: options.requireApproved },
  );
}

/** The checks before a public output; errors refuse it with EXPORT_BLOCKED (details: the findings). */
export function checkRelease(
  deps: { releases: ReleaseRepository; assets: Pick<AssetStore, 'find'> },
  release: Release,
  options: ReleaseCheckOptions & { readonly what?: string },
): Finding[] {
  const findings = releaseFindings(deps, release, options);
  if (blocking(findings)) {
    throw new PressdeskError(
      'EXPORT_BLOCKED',
      `Preflight found ${findings.filter((f) => f.severity === 'error').length} problem(s) that block ${options.what ?? 'the export'}.`,
      { findings },
    );
  }
  return findings;
}

/**
 * Exports a release as a publishable bundle (folder or zip): index.html,
 * theme.css, images/ (renditions), release.json, release.txt and
 * manifest.json. Preflight runs first and errors block. The bundle is built
 * in a temporary folder next to the target and renamed into place, so a
 * failure or cancel leaves nothing behind. The same release version gives
 * byte-identical files.
 */
export async function buildBundle(
  deps: { releases: ReleaseRepository; assets: AssetStore },
  id: string,
  options: BuildOptions,
): Promise<BuiltBundle> {
  const release = deps.releases.get(id);
  const now = (options.now ?? new Date()).toISOString();
  const candidates = relatedCandidatesOf(deps, release, options.relatedIds);
  const findings = checkRelease(deps, release, { now, embargoed: options.embargoed === true, related: candidates });
  const embargoed = embargoRunning(release.embargoUntil, now);

  // Every image the page shows, numbered in order of appearance.
  const placed: Placed[] = [];
  const baseOf = new Map<string, string>();
  const place = (f: FigureAttrs, widths?: readonly number[]): void => {
    if (baseOf.has(f.assetId)) return;
    const base = `image-${placed.length + 1}`;
    baseOf.set(f.assetId, base);
    placed.push({ assetId: f.assetId, base, texts: f, widths });
  };
  if (release.leadImage) place(release.leadImage);
  for (const f of documentFigures(release.body)) place(f);
  const related = publicRelated(candidates, now).map((r) => ({
    release: r,
    figure: r.leadImage,
  }));
  for (const r of related) if (r.figure) place(r.figure, [480]);

  const files = new Map<string, string | Uint8Array>();
  const assets: Record<string, RenderAsset> = {};
  options.onProgress?.({ done: 0, total: placed.length });
  for (const [i, p] of placed.entries()) {
    checkCancelled(options.signal);
    const asset = deps.assets.get(p.assetId);
    const { path } = deps.assets.original(p.assetId);
    const renditions: RenditionFile[] = await makeRenditions(
      path,
      asset.width,
      p.base,
      {
        caption: p.texts.caption,
        credit: p.texts.credit,
        creator: asset.creator,
        copyright: asset.copyright,
        alt: p.texts.decorative ? '' : p.texts.alt,
        language: release.language,
      },
      p.widths,
    );
    for (const r of renditions) files.set(r.path, r.data);
    assets[p.assetId] = {
      width: asset.width,
      height: asset.height,
      creator: asset.creator,
      copyright: asset.copyright,
      renditions: renditions.map(({ path: rp, width, height, type }) => ({ path: rp, width, height, type })),
    };
    options.onProgress?.({ done: i + 1, total: placed.length });
  }
  checkCancelled(options.signal);
  // The office's logo travels in the bundle: the page loads nothing from elsewhere.
  const logoAsset = options.settings.office.logoAssetId ? deps.assets.find(options.settings.office.logoAssetId) : null;
  let logo: Office['logo'];
  if (logoAsset) {
    const made = await makeLogo(deps.assets.original(logoAsset.id).path);
    files.set(made.path, made.data);
    logo = { path: made.path, width: made.width, height: made.height };
  }
  checkCancelled(options.signal);

  const relatedReleases: RelatedRelease[] = related.map(({ release: r, figure }) => {
    const card = figure ? assets[figure.assetId]?.renditions.find((x) => x.type === 'image/jpeg') : undefined;
    return {
      topic: r.topic,
      headline: r.headline,
      url: relatedReleaseUrl(options.settings.office.url, r),
      image:
        card && figure
          ? {
              path: card.path,
              width: card.width,
              height: card.height,
              alt: figure.decorative ? '' : figure.alt,
              credit: figure.credit,
            }
          : undefined,
    };
  });

  const input = renderInputFor(deps, release, {
    settings: options.settings,
    embargoed,
    stylesheet: STYLESHEET,
    assets,
    relatedReleases,
    logo,
  });
  files.set('index.html', renderReleaseHtml(input));
  files.set(STYLESHEET, exportTheme());
  files.set('release.txt', renderReleaseText(input));
  const largest = (assetId: string): string =>
    assets[assetId]!.renditions.filter((r) => r.type === 'image/jpeg').at(-1)!.path;
  const interchange = {
    ...releaseToInterchange(release),
    leadImage: release.leadImage ? { ...release.leadImage, file: largest(release.leadImage.assetId) } : null,
    body: withFiles(stripComments(release.body), largest),
    embargoed,
    renditions: Object.fromEntries(placed.map((p) => [p.base, assets[p.assetId]!.renditions.map((r) => r.path)])),
  };
  files.set('release.json', `${JSON.stringify(interchange, null, 2)}\n`);
  const entries: ManifestEntry[] = [...files.entries()]
    .map(([path, data]) => ({
      path,
      sha256: sha256(data),
      size: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength,
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const manifest = {
    format: BUNDLE_FORMAT,
    pressdeskVersion: PRESSDESK_VERSION,
    releaseId: release.id,
    releaseVersion: release.version,
    embargoed,
    files: entries,
  };
  files.set('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);

  return { release, files, entries, findings, embargoed };
}

/** Builds the bundle and writes it atomically as a folder or a zip. */
export async function exportRelease(
  deps: { releases: ReleaseRepository; assets: AssetStore },
  id: string,
  options: ExportOptions,
): Promise<ExportResult> {
  const { release, files, entries, findings, embargoed } = await buildBundle(deps, id, options);
  const out = resolve(options.out);
  const replacing = options.zip === true && options.replaceFile === true && isPlainFile(out);
  if (existsSync(out) && !replacing)
    throw new PressdeskError('EXPORT_TARGET_EXISTS', `${basename(out)} exists already; choose another name.`, { out });
  const fs = options.fs ?? nodeExportFs;
  const tmp = join(dirname(out), `.${basename(out)}.${randomUUID()}.partial`);
  try {
    checkCancelled(options.signal);
    if (options.zip) {
      await fs.writeFile(tmp, zipBundle(files, release.updatedAt));
      checkCancelled(options.signal);
      await fs.rename(tmp, out);
    } else {
      for (const path of [...files.keys()].sort()) {
        const target = join(tmp, path);
        await fs.mkdir(dirname(target), { recursive: true });
        await fs.writeFile(target, files.get(path)!);
      }
      checkCancelled(options.signal);
      await fs.rename(tmp, out);
    }
  } catch (error) {
    // Removing needs no free space, so the partial bundle goes even while the disk is full.
    await fsp.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw fsError(error, out);
  }
  return {
    out,
    embargoed,
    findings,
    files: [
      ...entries,
      {
        path: 'manifest.json',
        sha256: sha256(files.get('manifest.json')!),
        size: Buffer.byteLength(files.get('manifest.json') as string),
      },
    ],
  };
}
