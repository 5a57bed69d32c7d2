import { documentToPlainText } from '../../../shared/document';
import { interchangeApprovals, officeDate, releaseToInterchange } from '../../../shared/domain';
import { UsageError, type Command } from '../command';

export const showCommand: Command = {
  name: 'show',
  synopsis: 'show ID',
  summary: 'Show one release (--json: in the interchange format)',
  async run({ args, json, io, call }) {
    const [id] = args;
    if (!id || args.length > 1) throw new UsageError('show needs exactly one ID');
    const release = await call('releases.get', { id });
    if (json) {
      const state = await call('approval.get', { id });
      io.out(JSON.stringify(releaseToInterchange(release, interchangeApprovals(state)), null, 2));
    } else {
      const meta = [release.dateline, release.publishedAt ? officeDate(release.publishedAt) : '']
        .filter(Boolean)
        .join(', ');
      const parts = [
        release.topic,
        release.headline,
        release.subheadline,
        meta,
        release.teaser,
        documentToPlainText(release.body),
        release.relatedLinks.map((l) => `${l.title}: ${l.url}`).join('\n'),
        release.pressContact,
        release.boilerplate,
      ];
      io.out(parts.filter((p) => p.trim() !== '').join('\n\n'));
    }
    return 0;
  },
};
