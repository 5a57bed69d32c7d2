import type { HandlersOf } from '../../../shared/contract';
import type { wordChannels } from '../../../shared/contract/word';
import type { AssetStore } from '../assets/assetStore';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { SettingsStore } from '../settings/settingsStore';
import { buildReleaseDocx, buildWireText } from './docxExport';

export interface WordDeps {
  readonly releases: ReleaseRepository;
  readonly assets: AssetStore;
  readonly settings: SettingsStore;
  readonly now?: () => Date;
}

/** The Word file and the wire text of a release, with the stored export settings. */
export function wordHandlers(deps: WordDeps): HandlersOf<typeof wordChannels> {
  const now = () => (deps.now ?? (() => new Date()))();
  return {
    'export.docx': async ({ id, embargoed }) => {
      const built = await buildReleaseDocx(deps, id, {
        settings: deps.settings.exportSettings(),
        embargoed,
        now: now(),
      });
      deps.releases.logExport(id, { format: 'docx', target: 'download', embargoed: built.embargoed });
      return { fileName: built.fileName, bytes: built.bytes, embargoed: built.embargoed, findings: built.findings };
    },
    'export.wireText': ({ id, embargoed }) => {
      const built = buildWireText(deps, id, { settings: deps.settings.exportSettings(), embargoed, now: now() });
      deps.releases.logExport(id, { format: 'wire', target: 'clipboard', embargoed: built.embargoed });
      return { fileName: built.fileName, text: built.text, embargoed: built.embargoed, findings: built.findings };
    },
  };
}
