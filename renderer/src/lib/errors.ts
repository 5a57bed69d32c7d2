import { isErrorCode, type ErrorCode } from '../../../shared/errors';

/** What the UI can translate: every engine code, plus NETWORK for an unreachable engine. */
export type UiErrorCode = ErrorCode | 'NETWORK';

/** The translatable code of anything thrown by an api call; unknown failures are INTERNAL. */
export function errorCodeOf(error: unknown): UiErrorCode {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    if (code === 'NETWORK' || isErrorCode(code)) return code;
  }
  return 'INTERNAL';
}

/** One text detail of an engine error (e.g. `reason` of APPROVAL_REQUIRED); null when it has none. */
export function errorDetailOf(error: unknown, key: string): string | null {
  if (typeof error !== 'object' || error === null || !('details' in error)) return null;
  const details = error.details;
  if (typeof details !== 'object' || details === null || !(key in details)) return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}
