import type { HandlersOf } from '../../../shared/contract';
import type { composeChannels } from '../../../shared/contract/compose';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { SnippetRepository } from './snippetRepository';
import type { TemplateRepository } from './templateRepository';

/** Revisions, templates and snippets. */
export function composeHandlers(
  releases: ReleaseRepository,
  snippets: SnippetRepository,
  templates: TemplateRepository,
): HandlersOf<typeof composeChannels> {
  return {
    'releases.revisions': ({ id }) => releases.revisions(id),
    'releases.revision': ({ id, version }) => releases.revision(id, version),
    'releases.restoreRevision': ({ id, version, baseVersion }) => releases.restoreRevision(id, version, baseVersion),
    'releases.duplicate': ({ id }) => releases.duplicate(id),
    'snippets.list': ({ kind }) => snippets.list(kind),
    'snippets.save': ({ id, fields }) => snippets.save(fields, id),
    'snippets.delete': ({ id }) => ({ deleted: snippets.delete(id) }),
    'templates.list': () => templates.list(),
    'templates.get': ({ id }) => templates.get(id),
    'templates.saveFromRelease': ({ releaseId, name }) => templates.saveFrom(releases.get(releaseId), name),
    'templates.delete': ({ id }) => ({ deleted: templates.delete(id) }),
  };
}
