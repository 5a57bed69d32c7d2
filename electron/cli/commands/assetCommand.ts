import { ASSET_LIST_LIMIT_MAX } from '../../../shared/contract/assets';
import type { Asset } from '../../../shared/domain';
import { toErrorPayload } from '../../../shared/errors';
import { positiveInt, UsageError, type Command } from '../command';
import { pad } from '../format';

/** The fields `asset import --json` and `asset list --json` print for a stored image. */
function assetJson(a: Asset) {
  return {
    id: a.id,
    sha256: a.sha256,
    width: a.width,
    height: a.height,
    mime: a.mime,
    caption: a.caption,
    credit: a.credit,
    creator: a.creator,
    copyright: a.copyright,
    alt: a.alt,
    headline: a.headline,
    keywords: a.keywords,
  };
}

export const assetCommand: Command = {
  name: 'asset',
  synopsis: 'asset import FILE... | asset list',
  summary: 'Store images with their IPTC/XMP caption, credit and alt text; list stored images',
  options: {
    limit: { type: 'string', description: 'at most N images (asset list)' },
    query: { type: 'string', description: 'only images whose caption, credit or creator match (asset list)' },
  },
  async run({ args, options, json, io, workstation, call }) {
    const [sub, ...files] = args;
    if (sub === 'import') {
      if (files.length === 0) throw new UsageError('asset import needs at least one FILE');
      const ws = workstation();
      const results: Record<string, unknown>[] = [];
      let refused = 0;
      for (const file of files) {
        try {
          const asset = await ws.importAssetFile(file);
          results.push({ file, ...assetJson(asset) });
          if (!json)
            io.out(
              `${file}: ${asset.width}×${asset.height} ${asset.mime}  ${asset.credit || '(no credit)'}  [${asset.id}]`,
            );
        } catch (error) {
          const p = toErrorPayload(error);
          refused += 1;
          results.push({ file, code: p.code, message: p.message });
          if (!json) io.err(`${file}: ${p.message} [${p.code}]`);
        }
      }
      if (json) io.out(JSON.stringify(results));
      return refused > 0 ? 1 : 0;
    }
    if (sub === 'list') {
      if (files.length > 0) throw new UsageError('asset list takes no arguments');
      const query = typeof options.query === 'string' ? options.query : undefined;
      const limit = positiveInt(options.limit, 'limit');
      const { items } = await call('assets.list', {
        limit: limit === undefined ? undefined : Math.min(limit, ASSET_LIST_LIMIT_MAX),
        query,
      });
      if (json)
        io.out(
          JSON.stringify(items.map((a) => ({ ...assetJson(a), originalName: a.originalName, createdAt: a.createdAt }))),
        );
      else {
        for (const a of items)
          io.out(`${pad(a.id, 36)}  ${pad(`${a.width}×${a.height}`, 11)}  ${pad(a.credit, 30)}  ${a.caption}`);
        if (items.length === 0) io.out('No images.');
      }
      return 0;
    }
    throw new UsageError('use "asset import FILE..." or "asset list"');
  },
};
