import type { Asset } from '../../../shared/domain/asset';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export interface MediaState {
  readonly query: string;
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly items: readonly Asset[];
  readonly total: number;
  readonly error: UiErrorCode | null;
  /** Releases using each asset, loaded on demand. */
  readonly usage: Readonly<Record<string, readonly { id: string; headline: string; asLeadImage: boolean }[]>>;
  /** Assets fetched by id (sizes for the lead-image check). */
  readonly known: Readonly<Record<string, Asset>>;
  readonly uploading: number;
}

export interface MediaSlice {
  media: MediaState;
  searchMedia: (query: string) => Promise<void>;
  loadUsage: (assetId: string) => Promise<void>;
  /** Stores an image file (picked, dropped or pasted) and returns the asset. Throws the engine's error. */
  uploadImage: (file: File) => Promise<Asset>;
  /** The asset behind an id, fetched once. */
  rememberAsset: (assetId: string) => Promise<Asset | null>;
}

export const initialMediaState: MediaState = {
  query: '',
  status: 'idle',
  items: [],
  total: 0,
  error: null,
  usage: {},
  known: {},
  uploading: 0,
};

export const createMediaSlice: SliceCreator<MediaSlice> = (deps) => (set, get) => {
  const update = (patch: Partial<MediaState> | ((m: MediaState) => Partial<MediaState>)): void =>
    set((s) => ({ media: { ...s.media, ...(typeof patch === 'function' ? patch(s.media) : patch) } }));
  let request = 0;

  return {
    media: initialMediaState,

    async searchMedia(query) {
      const mine = ++request;
      update({ query, status: 'loading', error: null });
      try {
        const { items, total } = await deps.api.call('assets.list', { query: query.trim() || undefined, limit: 200 });
        if (mine !== request) return;
        update((m) => ({
          status: 'ready',
          items,
          total,
          known: { ...m.known, ...Object.fromEntries(items.map((a) => [a.id, a])) },
        }));
      } catch (error) {
        if (mine === request) update({ status: 'error', error: errorCodeOf(error) });
      }
    },

    async loadUsage(assetId) {
      try {
        const usage = await deps.api.call('assets.usage', { id: assetId });
        update((m) => ({ usage: { ...m.usage, [assetId]: usage } }));
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async uploadImage(file) {
      update((m) => ({ uploading: m.uploading + 1, error: null }));
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const asset = await deps.api.call('assets.import', { bytes, name: file.name.slice(0, 255) });
        update((m) => ({ known: { ...m.known, [asset.id]: asset } }));
        return asset;
      } catch (error) {
        update({ error: errorCodeOf(error) });
        throw error;
      } finally {
        update((m) => ({ uploading: m.uploading - 1 }));
      }
    },

    async rememberAsset(assetId) {
      const known = get().media.known[assetId];
      if (known) return known;
      try {
        const asset = await deps.api.call('assets.get', { id: assetId });
        update((m) => ({ known: { ...m.known, [asset.id]: asset } }));
        return asset;
      } catch {
        return null;
      }
    },
  };
};
