/** Primary language subtags whose default script runs right to left. */
const RTL_LANGUAGES = new Set([
  'ar',
  'arc',
  'ckb',
  'dv',
  'fa',
  'he',
  'iw',
  'khw',
  'ks',
  'lrc',
  'mzn',
  'nqo',
  'pnb',
  'prs',
  'ps',
  'sd',
  'syr',
  'ug',
  'ur',
  'yi',
  'ji',
]);
/** Script subtags that run right to left, whatever the language ("az-Arab", "pa-Arab"). */
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'thaa', 'syrc', 'nkoo', 'adlm', 'rohg', 'mand', 'samr', 'mend']);

export type TextDirection = 'ltr' | 'rtl';

/** Writing direction of a BCP 47 language tag; an explicit script subtag wins over the language. */
export function directionOf(languageTag: string): TextDirection {
  const subtags = languageTag.trim().toLowerCase().split(/[-_]/);
  const script = subtags.slice(1).find((s) => /^[a-z]{4}$/.test(s));
  if (script) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  return RTL_LANGUAGES.has(subtags[0] ?? '') ? 'rtl' : 'ltr';
}
