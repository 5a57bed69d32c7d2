import type { HandlersOf } from '../../../shared/contract';
import type { exportChannels } from '../../../shared/contract/export';
import { preflight } from '../../../shared/preflight';
import { renderReleaseHtml } from '../../../shared/render';
import type { AssetStore } from '../assets/assetStore';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { SettingsStore } from '../settings/settingsStore';
import { buildBundle, renderInputFor, zipBundle } from './bundle';

export interface ExportDeps {
  readonly releases: ReleaseRepository;
  readonly assets: AssetStore;
  readonly settings: SettingsStore;
  /** Where the host serves a stored image (asset protocol or web route). */
  readonly assetUrl: (id: string) => string;
  readonly now?: () => Date;
}

/** A file name for the bundle: the headline's words, safe on every system. */
export function bundleFileName(headline: string, id: string): string {
  const slug = headline
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'pressemitteilung'}-${id.slice(0, 8)}.zip`;
}

/** The export channels. */
export function exportHandlers(deps: ExportDeps): HandlersOf<typeof exportChannels> {
  const now = () => (deps.now ?? (() => new Date()))();
  return {
    'export.preflight': ({ id, embargoed }) => {
      const release = deps.releases.get(id);
      const lead = release.leadImage ? deps.assets.find(release.leadImage.assetId) : null;
      const at = now().toISOString();
      return {
        findings: preflight(
          { ...release, leadImage: release.leadImage, leadImageWidth: lead?.width },
          { now: at, embargoed: embargoed === true },
        ),
        embargoActive: release.embargoUntil !== null && release.embargoUntil > at,
      };
    },
    'export.preview': ({ id, embargoed }) => {
      const release = deps.releases.get(id);
      const at = now().toISOString();
      const active = release.embargoUntil !== null && release.embargoUntil > at;
      const input = renderInputFor(deps, release, {
        settings: deps.settings.exportSettings(),
        embargoed: active && embargoed !== false,
        imageUrl: (assetId) => deps.assetUrl(assetId),
        stylesheet: 'export-theme.css',
      });
      return { html: renderReleaseHtml(input) };
    },
    'export.zip': async ({ id, embargoed, relatedIds }) => {
      const built = await buildBundle(deps, id, {
        embargoed,
        relatedIds,
        settings: deps.settings.exportSettings(),
        now: now(),
      });
      return {
        fileName: bundleFileName(built.release.headline, built.release.id),
        bytes: zipBundle(built.files, built.release.updatedAt),
        embargoed: built.embargoed,
        findings: built.findings,
      };
    },
  };
}
