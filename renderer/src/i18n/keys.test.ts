import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/errors';
import { RELEASE_STATUSES } from '../../../shared/domain/constants';
import de from './de.json';
import en from './en.json';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf as [dotted key, value]. */
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[prefix + key, value]] : leaves(value, `${prefix}${key}.`),
  );
}

function placeholders(value: string): string[] {
  return [...value.matchAll(/\{\{\s*([\w.]+)(?:[^\w.}][^}]*)?\}\}/g)].map((m) => m[1]!).sort();
}

const languages = { de: de as Tree, en: en as Tree };

describe('translations', () => {
  it('de and en have exactly the same keys', () => {
    const deKeys = leaves(languages.de)
      .map(([k]) => k)
      .sort();
    const enKeys = leaves(languages.en)
      .map(([k]) => k)
      .sort();
    expect(enKeys).toEqual(deKeys);
  });

  it.each(Object.entries(languages))('%s has no empty values', (_name, tree) => {
    const empty = leaves(tree)
      .filter(([, v]) => v.trim() === '')
      .map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it.each(Object.entries(languages))(
    '%s translates every error code the engine can send, and NETWORK',
    (_name, tree) => {
      const errors = tree.errors as Tree;
      for (const code of [...ERROR_CODES, 'NETWORK']) {
        expect(typeof errors[code], code).toBe('string');
      }
    },
  );

  it.each(Object.entries(languages))('%s names every release status', (_name, tree) => {
    const status = tree.status as Tree;
    for (const s of RELEASE_STATUSES) expect(typeof status[s], s).toBe('string');
  });

  it('uses the same interpolation placeholders in both languages', () => {
    const enValues = new Map(leaves(languages.en));
    const mismatches = leaves(languages.de)
      .filter(
        ([key, value]) => JSON.stringify(placeholders(value)) !== JSON.stringify(placeholders(enValues.get(key) ?? '')),
      )
      .map(([key]) => key);
    expect(mismatches).toEqual([]);
  });

  it('uses the German status names of the style guide', () => {
    expect(de.status).toEqual({
      draft: 'Entwurf',
      review: 'In Prüfung',
      approved: 'Freigegeben',
      published: 'Veröffentlicht',
      withdrawn: 'Zurückgezogen',
    });
  });
});
