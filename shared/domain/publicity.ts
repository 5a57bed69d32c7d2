import type { ReleaseStatus } from './constants';

/**
 * When a release may be seen by the public: the one rule the bundle, the
 * preview, preflight and the screens share, so that none of them can show a
 * draft or break an embargo on its own.
 */

/** Whether an embargo (stored as a UTC instant) still runs at `now`. */
export function embargoRunning(embargoUntil: string | null | undefined, now: Date | string): boolean {
  if (!embargoUntil) return false;
  const until = Date.parse(embargoUntil);
  const at = typeof now === 'string' ? Date.parse(now) : now.getTime();
  // An unreadable stored time counts as running: the safe side for an embargo.
  return Number.isNaN(until) || Number.isNaN(at) || until > at;
}

/** Why a release may not appear in public (as a teaser card of another release), or null when it may. */
export type NotPublicReason = 'not-published' | 'trashed' | 'embargo';

export interface PublicityFacts {
  readonly status: ReleaseStatus;
  readonly deletedAt: string | null;
  readonly embargoUntil: string | null;
}

/** A release is public when it is published, not in the trash and its embargo has passed. */
export function notPublicReason(release: PublicityFacts, now: Date | string): NotPublicReason | null {
  if (release.deletedAt !== null) return 'trashed';
  if (release.status !== 'published') return 'not-published';
  if (embargoRunning(release.embargoUntil, now)) return 'embargo';
  return null;
}

/**
 * Whether „Veröffentlicht am …“ may be said of a release: it is published and
 * the publication time has come (a future date is a plan, not a fact).
 */
export function publishedFact(
  release: { readonly status: ReleaseStatus; readonly publishedAt: string | null },
  now: Date | string,
): boolean {
  if (release.status !== 'published' || !release.publishedAt) return false;
  const at = typeof now === 'string' ? Date.parse(now) : now.getTime();
  const published = Date.parse(release.publishedAt);
  return !Number.isNaN(published) && published <= at;
}
