import { documentFigures, type BlockNode, type DocumentNode, type FigureAttrs } from '../document';
import { isSafeHref } from '../document/links';
import { embargoRunning, notPublicReason, type NotPublicReason, type PublicityFacts } from '../domain/publicity';
import { LEAD_IMAGE_MIN_WIDTH } from './figure';
import { isMarkedCopy } from '../domain/template';
import type { ApprovalGate } from '../domain/approval';

export { figureChecks, LEAD_IMAGE_MIN_WIDTH, type FigureCheck, type FigureCheckCode } from './figure';

export const HEADLINE_GUIDE = 70;
export const TEASER_GUIDE = 300;

export type FindingSeverity = 'error' | 'warning';

/** Stable ids of preflight findings; the UI translates them, the CLI prints `message`. */
export type FindingCode =
  | 'HEADLINE_EMPTY'
  | 'HEADLINE_IS_COPY'
  | 'FIGURE_ALT_MISSING'
  | 'FIGURE_CREDIT_MISSING'
  | 'UNSAFE_LINK'
  | 'EMBARGO_ACTIVE'
  | 'HEADLINE_LONG'
  | 'TEASER_LONG'
  | 'LEAD_IMAGE_SMALL'
  | 'TOPIC_MISSING'
  | 'RELATED_NOT_PUBLIC'
  | 'APPROVAL_STALE'
  | 'NOT_APPROVED'
  | 'QUOTE_NOT_APPROVED'
  | 'QUOTE_SPEAKER_MISSING';

export interface Finding {
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  /** Where the problem is: a field name, or `body` with the figure's position, or `leadImage`. */
  readonly field: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, string | number>>;
}

export interface PreflightInput {
  readonly headline: string;
  readonly teaser: string;
  readonly topic: string;
  readonly body: DocumentNode;
  readonly leadImage: FigureAttrs | null;
  /** Width of the lead image's asset in pixels, if there is one. */
  readonly leadImageWidth?: number;
  readonly embargoUntil: string | null;
  readonly relatedLinks?: readonly { readonly url: string }[];
  /** The related releases (Weitere Meldungen) the release names, as the store has them. */
  readonly relatedReleases?: readonly RelatedCandidate[];
  /** The release's status (for outputs that require an approved release). */
  readonly status?: string;
  /** The approval facts (stale approval, quotes not approved); none: nothing to check. */
  readonly approval?: ApprovalGate;
}

/** A related release as preflight needs it: enough to tell whether the public may see it. */
export interface RelatedCandidate extends PublicityFacts {
  readonly id: string;
  readonly headline: string;
}

/** The related releases a page may show: published, not in the trash, embargo passed. */
export function publicRelated<T extends PublicityFacts>(related: readonly T[], now: string): T[] {
  return related.filter((r) => notPublicReason(r, now) === null);
}

const NOT_PUBLIC_TEXT: Record<NotPublicReason, string> = {
  'not-published': 'it is not published',
  trashed: 'it is in the trash',
  embargo: 'its embargo is still running',
};

export interface PreflightOptions {
  /** The moment of the export (ISO). */
  readonly now: string;
  /** The user chose an embargoed bundle. */
  readonly embargoed: boolean;
  /** The output needs an approved or published release (a mailing to the press list). */
  readonly requireApproved?: boolean;
}

const QUOTE_STATE_TEXT: Record<string, string> = {
  open: 'open',
  requested: 'requested, not yet answered',
  rejected: 'rejected',
};

function approvalFindings(input: PreflightInput, options: PreflightOptions, out: Finding[]): void {
  if (options.requireApproved && input.status !== undefined && !['approved', 'published'].includes(input.status)) {
    out.push({
      code: 'NOT_APPROVED',
      severity: 'error',
      field: 'status',
      message: `The release is not approved (status "${input.status}").`,
      details: { status: input.status },
    });
  }
  const gate = input.approval;
  if (!gate) return;
  if (gate.stale) {
    out.push({
      code: 'APPROVAL_STALE',
      severity: 'error',
      field: 'approval',
      message:
        'The text changed after the approval: approve it again or have the change confirmed as a correction of form.',
    });
  }
  if (!gate.quotesRequired) return;
  for (const q of gate.quotes) {
    if (q.speaker === '') {
      out.push({
        code: 'QUOTE_SPEAKER_MISSING',
        severity: 'error',
        field: 'quotes',
        message: 'A quote has no speaker.',
        details: { quoteId: q.id },
      });
    } else if (q.state !== 'approved') {
      out.push({
        code: 'QUOTE_NOT_APPROVED',
        severity: 'error',
        field: 'quotes',
        message: `The quote of ${q.speaker.slice(0, 80)} is ${QUOTE_STATE_TEXT[q.state] ?? q.state}.`,
        details: { quoteId: q.id, speaker: q.speaker.slice(0, 200), state: q.state },
      });
    }
  }
}

function linksOf(blocks: readonly BlockNode[], out: string[]): void {
  for (const b of blocks) {
    if ('content' in b && Array.isArray(b.content)) {
      for (const child of b.content as readonly unknown[]) {
        const node = child as {
          type?: string;
          marks?: { type: string; attrs?: { href?: string } }[];
          content?: unknown;
        };
        if (node.type === 'text') {
          for (const m of node.marks ?? [])
            if (m.type === 'link' && m.attrs?.href !== undefined) out.push(m.attrs.href);
        }
      }
      linksOf(b.content as readonly BlockNode[], out);
    }
  }
}

function checkFigure(f: FigureAttrs, field: string, out: Finding[]): void {
  if (!f.decorative && f.alt.trim() === '') {
    out.push({
      code: 'FIGURE_ALT_MISSING',
      severity: 'error',
      field,
      message: 'An image has no alt text (or mark it as decorative).',
      details: { assetId: f.assetId },
    });
  }
  if (f.credit.trim() === '') {
    out.push({
      code: 'FIGURE_CREDIT_MISSING',
      severity: 'error',
      field,
      message: 'An image has no credit.',
      details: { assetId: f.assetId },
    });
  }
}

/**
 * The checks before every export. Errors block the export; warnings inform.
 * Pure: the same release and moment give the same findings, in a stable order.
 */
export function preflight(input: PreflightInput, options: PreflightOptions): Finding[] {
  const out: Finding[] = [];
  approvalFindings(input, options, out);
  if (input.headline.trim() === '')
    out.push({ code: 'HEADLINE_EMPTY', severity: 'error', field: 'headline', message: 'The headline is empty.' });
  else if (isMarkedCopy(input.headline))
    out.push({
      code: 'HEADLINE_IS_COPY',
      severity: 'warning',
      field: 'headline',
      message: 'The headline still marks this release as a copy.',
    });
  if (input.leadImage) checkFigure(input.leadImage, 'leadImage', out);
  documentFigures(input.body).forEach((f, i) => checkFigure(f, `body.figure[${i}]`, out));
  const links: string[] = [];
  linksOf(input.body.content, links);
  for (const l of input.relatedLinks ?? []) links.push(l.url);
  for (const href of links) {
    if (!isSafeHref(href))
      out.push({
        code: 'UNSAFE_LINK',
        severity: 'error',
        field: 'body',
        message: `Unsafe link: ${href.slice(0, 80)}`,
        details: { href: href.slice(0, 200) },
      });
  }
  if (input.embargoUntil && embargoRunning(input.embargoUntil, options.now) && !options.embargoed) {
    out.push({
      code: 'EMBARGO_ACTIVE',
      severity: 'error',
      field: 'embargoUntil',
      message: `The embargo runs until ${input.embargoUntil}; export an embargoed bundle instead.`,
      details: { embargoUntil: input.embargoUntil },
    });
  }
  const headlineLength = [...input.headline.trim()].length;
  if (headlineLength > HEADLINE_GUIDE) {
    out.push({
      code: 'HEADLINE_LONG',
      severity: 'warning',
      field: 'headline',
      message: `The headline has ${headlineLength} characters (guide: ${HEADLINE_GUIDE}).`,
      details: { length: headlineLength, guide: HEADLINE_GUIDE },
    });
  }
  const teaserLength = [...input.teaser.trim()].length;
  if (teaserLength > TEASER_GUIDE) {
    out.push({
      code: 'TEASER_LONG',
      severity: 'warning',
      field: 'teaser',
      message: `The teaser has ${teaserLength} characters (guide: ${TEASER_GUIDE}).`,
      details: { length: teaserLength, guide: TEASER_GUIDE },
    });
  }
  if (input.leadImage && input.leadImageWidth !== undefined && input.leadImageWidth < LEAD_IMAGE_MIN_WIDTH) {
    out.push({
      code: 'LEAD_IMAGE_SMALL',
      severity: 'warning',
      field: 'leadImage',
      message: `The lead image is ${input.leadImageWidth} px wide; social previews want at least ${LEAD_IMAGE_MIN_WIDTH}.`,
      details: { width: input.leadImageWidth, guide: LEAD_IMAGE_MIN_WIDTH },
    });
  }
  if (input.topic.trim() === '')
    out.push({ code: 'TOPIC_MISSING', severity: 'warning', field: 'topic', message: 'The release has no topic.' });
  for (const r of input.relatedReleases ?? []) {
    const reason = notPublicReason(r, options.now);
    if (!reason) continue;
    out.push({
      code: 'RELATED_NOT_PUBLIC',
      severity: 'warning',
      field: 'relatedReleaseIds',
      message: `The related release "${r.headline.slice(0, 80)}" is left out: ${NOT_PUBLIC_TEXT[reason]}.`,
      details: {
        id: r.id,
        headline: r.headline.slice(0, 200),
        reason,
        status: r.status,
        ...(reason === 'embargo' && r.embargoUntil ? { embargoUntil: r.embargoUntil } : {}),
      },
    });
  }
  return out;
}

export function blocking(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
