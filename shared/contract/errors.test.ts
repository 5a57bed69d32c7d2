import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, PressdeskError, type ErrorCode } from '../errors';
import { dispatch } from './dispatch';
import { CHANNEL_ERRORS, COMMON_ERRORS } from './errors';
import type { Handlers } from './index';

const ROOT = join(__dirname, '..', '..');

/** The engine's source files (tests excluded). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** Every code thrown literally as `new PressdeskError('CODE', …)`, with where. */
function thrownCodes(): Map<ErrorCode, string[]> {
  const found = new Map<ErrorCode, string[]>();
  for (const file of [...sources(join(ROOT, 'electron', 'services')), ...sources(join(ROOT, 'shared'))]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/new PressdeskError\(\s*'([A-Z_]+)'/g)) {
      const code = m[1] as ErrorCode;
      found.set(code, [...(found.get(code) ?? []), relative(ROOT, file)]);
    }
  }
  return found;
}

/** Codes an import reports per file or record in its summary (a job's state), never as a channel's answer. */
const IN_IMPORT_SUMMARIES: readonly ErrorCode[] = [
  'IMPORT_PARSE',
  'IMPORT_INVALID',
  'IMPORT_ZIP_INVALID',
  'IMPORT_DOCX_INVALID',
  'IMPORT_NO_CONTENT',
  'IMPORT_TOO_COMPLEX',
  'IMPORT_NOT_A_FILE',
  'CONTACT_EMAIL_MISSING',
  'CONTACT_INVALID',
];

describe('declared error codes', () => {
  it('every code the engine throws is declared by a channel (or is reported in import summaries)', () => {
    const declared = new Set<ErrorCode>([
      ...COMMON_ERRORS,
      ...Object.values(CHANNEL_ERRORS).flat(),
      ...IN_IMPORT_SUMMARIES,
    ]);
    const undeclared = [...thrownCodes()].filter(([code]) => !declared.has(code));
    expect(undeclared).toEqual([]);
  });

  it('every declared code exists and is translated in German and English', () => {
    const dictionaries = ['de', 'en'].map(
      (lang) =>
        (
          JSON.parse(readFileSync(join(ROOT, 'renderer', 'src', 'i18n', `${lang}.json`), 'utf8')) as {
            errors: Record<string, string>;
          }
        ).errors,
    );
    const declared = new Set<string>([...COMMON_ERRORS, ...Object.values(CHANNEL_ERRORS).flat()]);
    for (const code of declared) {
      expect(ERROR_CODES as readonly string[]).toContain(code);
      for (const errors of dictionaries) expect(errors[code], code).toBeTruthy();
    }
  });

  it('an undeclared code is refused as a defect under test, a declared one passes', async () => {
    const handlers = {
      'releases.get': () => {
        throw new PressdeskError('EXPORT_BLOCKED', 'not for this channel');
      },
      'releases.trash': () => {
        throw new PressdeskError('NOT_FOUND', 'no such release');
      },
    } as unknown as Handlers;
    const reported: string[] = [];
    const bad = await dispatch(handlers, 'releases.get', { id: 'r-1' }, (_e, channel) => reported.push(channel));
    expect(bad).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(reported).toEqual(['releases.get']);
    const good = await dispatch(handlers, 'releases.trash', { id: 'r-1' });
    expect(good).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
