import { createHash } from 'node:crypto';
import { diffWords } from 'diff';
import { documentToPlainText, type DocumentNode } from '../../../shared/document';
import { personKey, type DocumentQuote, type FieldChange } from '../../../shared/domain/approval';
import type { ReleaseFields } from '../../../shared/domain';

/** Marks that annotate the text without being part of it (comments): an approval ignores them. */
const ANNOTATION_MARKS = new Set(['comment']);

function withoutAnnotations(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutAnnotations);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'marks' && Array.isArray(value)) {
      const kept = value.filter((m) => !ANNOTATION_MARKS.has((m as { type?: string }).type ?? ''));
      if (kept.length > 0) out.marks = kept;
    } else {
      out[key] = withoutAnnotations(value);
    }
  }
  return out;
}

/** The body as an approval sees it: the text and its form, without annotations. */
export function approvedBody(body: DocumentNode): DocumentNode {
  return withoutAnnotations(body) as DocumentNode;
}

/**
 * The fields an approval covers: everything the public reads. The status,
 * the dates of publication, the number and the internal tags are not text
 * someone approves.
 */
const APPROVED_FIELDS = [
  'language',
  'topic',
  'headline',
  'subheadline',
  'teaser',
  'dateline',
  'embargoUntil',
  'leadImage',
  'pressContact',
  'boilerplate',
  'relatedLinks',
  'relatedReleaseIds',
  'body',
] as const satisfies readonly (keyof ReleaseFields)[];

/** A fingerprint of what an approval covers; the same text gives the same hash. */
export function approvalHash(fields: ReleaseFields): string {
  const key = APPROVED_FIELDS.map((name) => (name === 'body' ? approvedBody(fields.body) : fields[name]));
  return createHash('sha256').update(JSON.stringify(key)).digest('hex');
}

/** The id of a quote: the same speaker and words give the same id, a change of either a new one. */
export function quoteId(quote: DocumentQuote): string {
  const key = `${personKey(quote.speaker)}\n${quote.text.normalize('NFC').replace(/\s+/g, ' ').trim()}`;
  return `q-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/** The fields of a release as text, in reading order, for a word diff. */
function comparable(fields: ReleaseFields): [string, string][] {
  const image = fields.leadImage;
  return [
    ['headline', fields.headline],
    ['subheadline', fields.subheadline],
    ['teaser', fields.teaser],
    ['dateline', fields.dateline],
    ['embargoUntil', fields.embargoUntil ?? ''],
    ['leadImage', image ? [image.caption, image.credit, image.alt].filter(Boolean).join(' · ') : ''],
    ['body', documentToPlainText(fields.body)],
    ['pressContact', fields.pressContact],
    ['boilerplate', fields.boilerplate],
    ['relatedLinks', fields.relatedLinks.map((l) => `${l.title} ${l.url}`).join('\n')],
    ['topic', fields.topic],
    ['language', fields.language],
  ];
}

/** Exactly what changed between two versions, word by word, field by field (only the changed fields). */
export function wordChanges(before: ReleaseFields, after: ReleaseFields): FieldChange[] {
  const old = new Map(comparable(before));
  const out: FieldChange[] = [];
  for (const [field, text] of comparable(after)) {
    const was = old.get(field) ?? '';
    if (was === text) continue;
    out.push({
      field,
      parts: diffWords(was, text).map((c) => ({
        text: c.value,
        ...(c.added ? { added: true } : {}),
        ...(c.removed ? { removed: true } : {}),
      })),
    });
  }
  if (out.length === 0 && approvalHash(before) !== approvalHash(after)) {
    // A change the text projection does not show (a mark, a link target, an image, a related release).
    out.push({ field: 'format', parts: [] });
  }
  return out;
}
