import type { HandlersOf } from '../../../shared/contract';
import { embargoRunning } from '../../../shared/domain';
import type { exportChannels } from '../../../shared/contract/export';
import { renderReleaseHtml } from '../../../shared/render';
import type { AssetStore } from '../assets/assetStore';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { SettingsStore } from '../settings/settingsStore';
import {
  buildBundle,
  releaseFindings,
  relatedCardsFromStore,
  relatedReleasesOf,
  renderInputFor,
  zipBundle,
} from './bundle';
import { bundleFileName, type ExportJobs } from './exportJobs';

export interface ExportDeps {
  readonly releases: ReleaseRepository;
  readonly assets: AssetStore;
  readonly settings: SettingsStore;
  /** Where the host serves a stored image (asset protocol or web route). */
  readonly assetUrl: (id: string) => string;
  readonly now?: () => Date;
}

/** The export channels. */
export function exportHandlers(deps: ExportDeps, jobs: ExportJobs): HandlersOf<typeof exportChannels> {
  const now = () => (deps.now ?? (() => new Date()))();
  return {
    'export.preflight': ({ id, embargoed }) => {
      const release = deps.releases.get(id);
      const at = now().toISOString();
      return {
        findings: releaseFindings(deps, release, { now: at, embargoed: embargoed === true }),
        embargoActive: embargoRunning(release.embargoUntil, at),
      };
    },
    'export.preview': ({ id, embargoed }) => {
      const release = deps.releases.get(id);
      const at = now().toISOString();
      const active = embargoRunning(release.embargoUntil, at);
      const settings = deps.settings.exportSettings();
      const input = renderInputFor(deps, release, {
        settings,
        embargoed: active && embargoed !== false,
        imageUrl: (assetId) => deps.assetUrl(assetId),
        stylesheet: 'export-theme.css',
        relatedReleases: relatedCardsFromStore(
          deps,
          relatedReleasesOf(deps, release, undefined, at),
          deps.assetUrl,
          settings.office.url,
        ),
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
    'export.start': (input) => jobs.start(input),
    'export.progress': ({ jobId }) => jobs.progress(jobId),
    'export.cancel': ({ jobId }) => jobs.cancel(jobId),
    'export.download': ({ jobId }) => jobs.download(jobId),
    'export.reveal': async ({ jobId }) => {
      await jobs.reveal(jobId);
      return {};
    },
  };
}
