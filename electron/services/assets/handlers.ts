import type { HandlersOf } from '../../../shared/contract';
import type { assetChannels } from '../../../shared/contract/assets';
import type { AssetStore } from './assetStore';

/** The asset channels, served by the store. */
export function assetHandlers(assets: AssetStore): HandlersOf<typeof assetChannels> {
  return {
    'assets.import': ({ bytes, name }) => assets.importBytes(bytes, name),
    'assets.list': (input) => assets.list(input),
    'assets.get': ({ id }) => assets.get(id),
    'assets.usage': ({ id }) => assets.usage(id),
  };
}
