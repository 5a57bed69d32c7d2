import type { ReleaseStatus } from './constants';

/**
 * The editorial workflow: Entwurf → In Prüfung → Freigegeben → Veröffentlicht,
 * with steps back for rework, and Zurückgezogen for a release that must not be
 * used any more (it can be reworked as a draft). A published release is not
 * taken back to a draft: changing it is a correction.
 */
export const STATUS_TRANSITIONS: Readonly<Record<ReleaseStatus, readonly ReleaseStatus[]>> = {
  // Straight to approved only with an approval on record (by phone, say): the engine checks.
  draft: ['review', 'approved', 'withdrawn'],
  review: ['draft', 'approved', 'withdrawn'],
  approved: ['review', 'draft', 'published', 'withdrawn'],
  published: ['withdrawn'],
  withdrawn: ['draft'],
};

export function canTransition(from: ReleaseStatus, to: ReleaseStatus): boolean {
  return from === to || STATUS_TRANSITIONS[from].includes(to);
}
