import type { ReleaseStatus } from '../../../shared/domain/constants';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

/** What the picker shows of a release: enough to recognise it. */
export interface RelatedCard {
  readonly id: string;
  readonly headline: string;
  readonly topic: string;
  /** Its status and embargo: the export shows only published releases whose embargo has passed. */
  readonly status?: ReleaseStatus;
  readonly embargoUntil?: string | null;
  /** The release is no longer in the archive (deleted); the export leaves it out. */
  readonly missing?: boolean;
}

export interface RelatedPickerState {
  readonly status: 'idle' | 'searching' | 'ready' | 'error';
  /** The query the hits belong to. */
  readonly query: string;
  readonly hits: readonly RelatedCard[];
  /** Chosen releases by id, as far as they have been looked up. */
  readonly known: Readonly<Record<string, RelatedCard>>;
  readonly error: UiErrorCode | null;
}

export interface RelatedSlice {
  relatedPicker: RelatedPickerState;
  /** Searches the archive for releases to pick (query language of the archive). */
  searchRelated: (query: string) => Promise<void>;
  /** Looks up the headlines of chosen releases the picker does not know yet. */
  describeRelated: (ids: readonly string[]) => Promise<void>;
}

/** Hits shown at once; the query narrows them. */
export const RELATED_HITS = 8;

export const initialRelatedPicker: RelatedPickerState = {
  status: 'idle',
  query: '',
  hits: [],
  known: {},
  error: null,
};

export const createRelatedSlice: SliceCreator<RelatedSlice> = (deps) => (set, get) => {
  const update = (patch: Partial<RelatedPickerState>): void =>
    set((s) => ({ relatedPicker: { ...s.relatedPicker, ...patch } }));
  let request = 0;

  return {
    relatedPicker: initialRelatedPicker,

    async searchRelated(query) {
      const mine = ++request;
      const text = query.trim();
      if (text === '') {
        update({ status: 'idle', query: '', hits: [], error: null });
        return;
      }
      update({ status: 'searching', query: text, error: null });
      try {
        const result = await deps.api.call('archive.search', { query: text, limit: RELATED_HITS });
        if (mine !== request) return;
        const hits = result.items
          .filter((h) => h.deletedAt === null)
          .map((h) => ({
            id: h.id,
            headline: h.headline,
            topic: h.topic,
            status: h.status,
            embargoUntil: h.embargoUntil,
          }));
        const known = { ...get().relatedPicker.known };
        for (const h of hits) known[h.id] = h;
        update({ status: 'ready', hits, known });
      } catch (error) {
        if (mine === request) update({ status: 'error', error: errorCodeOf(error) });
      }
    },

    async describeRelated(ids) {
      const unknown = ids.filter((id) => !get().relatedPicker.known[id]);
      if (unknown.length === 0) return;
      const found = await Promise.all(
        unknown.map(async (id): Promise<RelatedCard> => {
          try {
            const r = await deps.api.call('releases.get', { id });
            return {
              id,
              headline: r.headline,
              topic: r.topic,
              status: r.status,
              embargoUntil: r.embargoUntil,
              missing: r.deletedAt !== null,
            };
          } catch {
            return { id, headline: '', topic: '', missing: true };
          }
        }),
      );
      const known = { ...get().relatedPicker.known };
      for (const card of found) known[card.id] = card;
      update({ known });
    },
  };
};
