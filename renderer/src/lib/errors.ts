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
