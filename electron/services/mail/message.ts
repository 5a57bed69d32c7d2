import { createHash } from 'node:crypto';
import type MailComposer from 'nodemailer/lib/mail-composer';
import { encodeWords } from 'nodemailer/lib/mime-funcs';
import {
  documentFigures,
  type BlockNode,
  type FigureAttrs,
  type InlineNode,
  type Mark,
} from '../../../shared/document';
import { embargoRunning, type Release } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { headingLevel, listStart, safeHref } from '../../../shared/render/attrs';
import {
  directionOf,
  escapeHtml as e,
  formatDateTime,
  formatPageDate,
  labelsFor,
  quoteNamesSpeaker,
  renderReleaseText,
  type RenderAsset,
  type RenderInput,
} from '../../../shared/render';
import { isGerman } from '../../../shared/render/labels';
import type { AssetStore } from '../assets/assetStore';
import { checkRelease, renderInputFor, type ExportSettings } from '../export/bundle';
import { makeRenditions } from '../export/renditions';
import type { ReleaseRepository } from '../releases/releaseRepository';

/** The widest an image in a mail is sent (a mail column is 600 px; twice that for sharp screens). */
export const MAIL_IMAGE_WIDTH = 1200;

/** A file the caller attaches to the mail (the PDF of the release). */
export interface MailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** An image shown in the HTML part, referenced by its Content-ID. */
interface InlineImage {
  readonly cid: string;
  readonly filename: string;
  readonly content: Buffer;
  readonly width: number;
  readonly height: number;
}

/** The content of a press mail, the same for every recipient. */
export interface MailContent {
  readonly release: Release;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly images: readonly InlineImage[];
  readonly embargoed: boolean;
}

export interface MailSender {
  /** `Name <address>` or the address alone. */
  readonly from: string;
  readonly replyTo?: string;
}

/**
 * The subject in the office's pattern: „PM 7/2026: Headline“ (the headline
 * alone without a number), and while an embargo runs „SPERRFRIST: <Zeit> – “
 * first (in English „EMBARGO: <time> – “, by the release's language).
 */
export function mailSubject(
  release: Pick<Release, 'headline' | 'releaseNumber' | 'embargoUntil' | 'language'>,
  now: string,
): string {
  const base = release.releaseNumber ? `${release.releaseNumber}: ${release.headline}` : release.headline;
  if (!release.embargoUntil || !embargoRunning(release.embargoUntil, now)) return oneLine(base);
  const german = isGerman(release.language);
  const until = formatDateTime(release.embargoUntil, german ? 'de' : 'en');
  return oneLine(`${german ? 'SPERRFRIST' : 'EMBARGO'}: ${until} – ${base}`);
}

function oneLine(text: string): string {
  let out = '';
  for (const ch of text) out += ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? ' ' : ch;
  return out.replace(/\s+/g, ' ').trim();
}

/** The few words only the mail says, in the release's language. */
function mailLabels(language: string): { unsubscribe: (office: string, address: string | undefined) => string } {
  if (isGerman(language)) {
    return {
      unsubscribe: (office, address) =>
        `Sie erhalten diese Pressemitteilung, weil Sie im Presseverteiler${office ? ` von ${office}` : ''} stehen. ` +
        (address
          ? `Wenn Sie keine Pressemitteilungen mehr erhalten möchten, schreiben Sie bitte an ${address} (Betreff „Abmelden“).`
          : 'Wenn Sie keine Pressemitteilungen mehr erhalten möchten, antworten Sie bitte mit „Abmelden“.'),
    };
  }
  return {
    unsubscribe: (office, address) =>
      `You receive this press release because you are on the press list${office ? ` of ${office}` : ''}. ` +
      (address
        ? `To stop receiving press releases, please write to ${address} (subject “Unsubscribe”).`
        : 'To stop receiving press releases, please reply with “Unsubscribe”.'),
  };
}

/* ---------- the HTML part: tables, inlined styles, nothing loaded from elsewhere ---------- */

const STYLE = `
body { margin: 0; padding: 0; background: #f2f2f2; }
table { border-collapse: collapse; }
.outer { width: 100%; background: #f2f2f2; }
.container { width: 600px; max-width: 600px; background: #ffffff; }
.cell { padding: 0 24px; font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 22px; color: #1a1a1a; }
.embargo { padding: 12px 24px; background: #fff4d6; border-bottom: 2px solid #b8860b; font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 21px; font-weight: bold; color: #5c4400; }
.office { padding: 20px 24px 8px 24px; font-family: Arial, Helvetica, sans-serif; font-size: 13px; color: #555555; }
.kicker { margin: 16px 0 4px 0; font-size: 13px; text-transform: uppercase; letter-spacing: 1px; color: #555555; }
h1 { margin: 0 0 8px 0; font-family: Arial, Helvetica, sans-serif; font-size: 24px; line-height: 30px; color: #111111; }
h2 { margin: 20px 0 8px 0; font-family: Arial, Helvetica, sans-serif; font-size: 19px; line-height: 25px; color: #111111; }
h3 { margin: 16px 0 6px 0; font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 22px; color: #111111; }
p { margin: 0 0 12px 0; }
.subheadline { font-size: 17px; line-height: 24px; color: #333333; }
.meta { font-size: 13px; color: #555555; }
.teaser { font-weight: bold; }
.caption { padding: 6px 24px 16px 24px; font-family: Arial, Helvetica, sans-serif; font-size: 13px; line-height: 18px; color: #555555; }
.image { padding: 0; }
blockquote { margin: 0 0 12px 0; padding: 0 0 0 12px; border-left: 3px solid #cccccc; }
a { color: #0b57a4; }
.section { padding: 8px 24px 0 24px; font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 20px; color: #1a1a1a; border-top: 1px solid #dddddd; }
.footer { padding: 16px 24px 24px 24px; font-family: Arial, Helvetica, sans-serif; font-size: 12px; line-height: 17px; color: #666666; }
.grid td, .grid th { border: 1px solid #cccccc; padding: 4px 6px; font-size: 14px; text-align: left; }
`;

/** The marks a mail shows: comment anchors never leave the workstation. */
function renderableMarks(marks: readonly Mark[] | undefined): Exclude<Mark, { type: 'comment' }>[] {
  return (marks ?? []).filter(
    (m): m is Exclude<Mark, { type: 'comment' }> =>
      m.type === 'bold' || m.type === 'italic' || (m.type === 'link' && safeHref(m.attrs?.href) !== undefined),
  );
}

/** Inline content, each text with its marks (the mail keeps the nesting simple: one span of marks per text). */
function inline(content: readonly InlineNode[] | undefined): string {
  if (!content) return '';
  return content
    .map((node) => {
      if (node.type !== 'text') return '<br>';
      let html = e(node.text);
      for (const m of renderableMarks(node.marks).reverse()) {
        if (m.type === 'bold') html = `<strong>${html}</strong>`;
        else if (m.type === 'italic') html = `<em>${html}</em>`;
        else html = `<a href="${e(safeHref(m.attrs.href)!)}">${html}</a>`;
      }
      return html;
    })
    .join('');
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.split('\n').map(e).join('<br>')}</p>`)
    .join('');
}

interface HtmlContext {
  readonly input: RenderInput;
  readonly images: ReadonlyMap<string, InlineImage>;
}

/** An image row of its own: the picture by its Content-ID, then caption and credit. */
function figureRows(figure: FigureAttrs, ctx: HtmlContext): string {
  const image = ctx.images.get(figure.assetId);
  if (!image) return '';
  const height = Math.round((image.height * 600) / image.width);
  const alt = figure.decorative ? '' : figure.alt;
  const lines = [figure.caption, figure.credit].map((t) => t.trim()).filter(Boolean);
  return (
    `<tr><td class="image"><img src="cid:${e(image.cid)}" width="600" height="${height}" alt="${e(alt)}" style="display:block;width:100%;max-width:600px;height:auto;border:0;"></td></tr>` +
    (lines.length > 0 ? `<tr><td class="caption">${lines.map(e).join('<br>')}</td></tr>` : '')
  );
}

/**
 * A block of the body as HTML inside the text cell; figures at the top level
 * close the cell and stand in a row of their own, figures inside a list or a
 * quote (where no row can open) keep only their caption and credit.
 */
function block(node: BlockNode, ctx: HtmlContext, nested = false): string {
  switch (node.type) {
    case 'paragraph':
      return node.content ? `<p>${inline(node.content)}</p>` : '';
    case 'heading': {
      const level = headingLevel(node.attrs?.level);
      return `<h${level}>${inline(node.content)}</h${level}>`;
    }
    case 'bulletList':
      return `<ul>${node.content.map((item) => `<li>${item.content.map((b) => block(b, ctx, true)).join('')}</li>`).join('')}</ul>`;
    case 'orderedList': {
      const first = listStart(node.attrs?.start);
      return `<ol${first !== 1 ? ` start="${first}"` : ''}>${node.content.map((item) => `<li>${item.content.map((b) => block(b, ctx, true)).join('')}</li>`).join('')}</ol>`;
    }
    case 'blockquote':
      return `<blockquote>${node.content.map((b) => block(b, ctx, true)).join('')}</blockquote>`;
    case 'quote': {
      const by =
        node.attrs.speaker && !quoteNamesSpeaker(node)
          ? `<p>— ${e(node.attrs.speaker)}${node.attrs.role ? `, ${e(node.attrs.role)}` : ''}</p>`
          : '';
      return `<blockquote>${node.content.map((b) => block(b, ctx, true)).join('')}${by}</blockquote>`;
    }
    case 'figure': {
      if (!nested) return `</td></tr>${figureRows(node.attrs, ctx)}<tr><td class="cell">`;
      const lines = [node.attrs.caption, node.attrs.credit].map((t) => t.trim()).filter(Boolean);
      return lines.length > 0 ? `<p>${lines.map(e).join('<br>')}</p>` : '';
    }
    case 'table': {
      const [head, ...rows] = node.content;
      const th = head ? `<tr>${head.content.map((c) => `<th>${inline(c.content)}</th>`).join('')}</tr>` : '';
      const tr = rows.map((r) => `<tr>${r.content.map((c) => `<td>${inline(c.content)}</td>`).join('')}</tr>`).join('');
      return `<table class="grid" role="table" width="100%">${th}${tr}</table>`;
    }
  }
}

/**
 * The HTML part of a press mail: a 600 px table layout with every style
 * inlined (Outlook reads no stylesheet), the embargo notice at the top while
 * it runs, images by Content-ID (nothing is loaded from elsewhere), contact,
 * boilerplate and the opt-out hint. Every text is escaped.
 */
export async function mailHtml(
  input: RenderInput,
  images: ReadonlyMap<string, InlineImage>,
  replyTo?: string,
): Promise<string> {
  const labels = labelsFor(input.language);
  const ctx: HtmlContext = { input, images };
  const date = input.publishedAt ?? input.updatedAt;
  const meta = [input.dateline, formatPageDate(date, input.language), input.releaseNumber ?? '']
    .map((t) => t.trim())
    .filter(Boolean)
    .map(e)
    .join(', ');
  const links = input.relatedLinks
    .map((l) => {
      const url = safeHref(l.url);
      return url ? `<a href="${e(url)}">${e(l.title || l.url)}</a>` : e(l.title);
    })
    .join('<br>');
  const section = (title: string, content: string) =>
    `<tr><td class="section"><h2>${e(title)}</h2>${content}</td></tr>`;
  const office = input.office.name;
  const address = [office, ...(input.office.address ?? '').split('\n')].map((l) => l.trim()).filter(Boolean);
  const rows = [
    input.embargoed && input.embargoUntil
      ? `<tr><td class="embargo">${e(labels.embargo(input.embargoUntil))}</td></tr>`
      : '',
    office ? `<tr><td class="office">${e(office)}</td></tr>` : '',
    '<tr><td class="cell">',
    input.topic ? `<p class="kicker">${e(input.topic)}</p>` : '',
    `<h1>${e(input.headline)}</h1>`,
    input.subheadline ? `<p class="subheadline">${e(input.subheadline)}</p>` : '',
    `<p class="meta">${meta}</p>`,
    input.teaser ? `<p class="teaser">${e(input.teaser)}</p>` : '',
    '</td></tr>',
    input.leadImage ? figureRows(input.leadImage, ctx) : '',
    `<tr><td class="cell">${input.body.content.map((b) => block(b, ctx)).join('')}</td></tr>`,
    links ? section(labels.relatedLinks, `<p>${links}</p>`) : '',
    input.pressContact.trim() ? section(labels.pressContact, paragraphs(input.pressContact)) : '',
    input.boilerplate.trim() ? section(labels.about, paragraphs(input.boilerplate)) : '',
    `<tr><td class="footer">${address.length > 0 ? `<p>${address.map(e).join('<br>')}</p>` : ''}<p>${e(mailLabels(input.language).unsubscribe(office, replyTo))}</p></td></tr>`,
  ].filter(Boolean);
  // An empty text cell (a body that ends in a figure) is left out.
  const body = rows.join('').replace(/<tr><td class="cell"><\/td><\/tr>/g, '');
  const html =
    `<!DOCTYPE html><html lang="${e(input.language)}" dir="${directionOf(input.language)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(input.headline)}</title><style>${STYLE}</style></head>` +
    `<body><table role="presentation" class="outer" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center">` +
    `<table role="presentation" class="container" width="600" cellpadding="0" cellspacing="0" border="0">${body}</table>` +
    `</td></tr></table></body></html>`;
  // The style inliner and the message composer are loaded by the first mail: an engine that sends none never loads them.
  const { default: juice } = await import('juice');
  return juice(html, { removeStyleTags: true, applyWidthAttributes: false, applyHeightAttributes: false });
}

/* ---------- building the content of a mailing ---------- */

export interface MailContentDeps {
  readonly releases: ReleaseRepository;
  readonly assets: AssetStore;
}

/**
 * The content of the press mail of a release, after the same preflight as
 * the export (errors block with EXPORT_BLOCKED; a running embargo does not:
 * the mail carries it in subject and body). The lead image and the body's
 * figures go along as JPEGs of at most 1200 px, shown by Content-ID.
 */
export async function buildMailContent(
  deps: MailContentDeps,
  id: string,
  options: {
    settings: ExportSettings;
    replyTo?: string;
    now: Date;
    signal?: AbortSignal;
    /** A mailing to the press list: the release must be approved or published (a test mail need not). */
    requireApproved?: boolean;
  },
): Promise<MailContent> {
  const release = deps.releases.get(id);
  const now = options.now.toISOString();
  // Sending under an embargo is what an embargo is for.
  checkRelease(deps, release, { now, embargoed: true, what: 'sending', requireApproved: options.requireApproved });
  const embargoed = embargoRunning(release.embargoUntil, now);
  const placed: FigureAttrs[] = [];
  const seen = new Set<string>();
  for (const f of [...(release.leadImage ? [release.leadImage] : []), ...documentFigures(release.body)]) {
    if (seen.has(f.assetId)) continue;
    seen.add(f.assetId);
    placed.push(f);
  }
  const images = new Map<string, InlineImage>();
  const assets: Record<string, RenderAsset> = {};
  for (const [i, f] of placed.entries()) {
    if (options.signal?.aborted) throw new PressdeskError('CANCELLED', 'Sending was cancelled; nothing was sent.');
    const asset = deps.assets.find(f.assetId);
    if (!asset) continue;
    const base = `image-${i + 1}`;
    const renditions = await makeRenditions(
      deps.assets.original(asset.id).path,
      asset.width,
      base,
      {
        caption: f.caption,
        credit: f.credit,
        creator: asset.creator,
        copyright: asset.copyright,
        alt: f.decorative ? '' : f.alt,
        language: release.language,
      },
      [MAIL_IMAGE_WIDTH],
    );
    const jpeg = renditions.find((r) => r.type === 'image/jpeg');
    if (!jpeg) continue;
    images.set(asset.id, {
      cid: `${base}@pressdesk`,
      filename: `${base}.jpg`,
      content: jpeg.data,
      width: jpeg.width,
      height: jpeg.height,
    });
    assets[asset.id] = {
      width: asset.width,
      height: asset.height,
      creator: asset.creator,
      copyright: asset.copyright,
      renditions: [{ path: `cid:${base}@pressdesk`, width: jpeg.width, height: jpeg.height, type: 'image/jpeg' }],
    };
  }
  const input = renderInputFor(deps, release, {
    settings: options.settings,
    embargoed,
    stylesheet: '',
    assets,
    relatedReleases: [],
  });
  return {
    release,
    subject: mailSubject(release, now),
    html: await mailHtml(input, images, options.replyTo),
    text: renderReleaseText(input),
    images: [...images.values()],
    embargoed,
  };
}

/* ---------- the RFC 822 message ---------- */

const CRLF = '\r\n';

/**
 * The message without the headers that differ per recipient (To, Message-ID,
 * Date): built once per mailing and kept in the send log. `unsent` marks a
 * draft (`X-Unsent: 1`, which Outlook opens for editing).
 */
export async function composeTemplate(
  content: Pick<MailContent, 'subject' | 'html' | 'text' | 'images'>,
  sender: MailSender,
  options: { attachments?: readonly MailAttachment[]; unsent?: boolean; listUnsubscribe?: string } = {},
): Promise<Buffer> {
  const headers: Record<string, string> = {};
  if (options.listUnsubscribe) headers['List-Unsubscribe'] = options.listUnsubscribe;
  if (options.unsent) headers['X-Unsent'] = '1';
  const { default: Composer } = await import('nodemailer/lib/mail-composer');
  const composer: MailComposer = new Composer({
    from: sender.from || undefined,
    replyTo: sender.replyTo || undefined,
    subject: content.subject,
    text: content.text,
    html: content.html,
    headers,
    xMailer: 'Pressdesk',
    // No marker placed here survives: the headers of each recipient replace them.
    messageId: '<template@pressdesk>',
    date: new Date(0),
    attachments: [
      ...content.images.map((image) => ({
        filename: image.filename,
        content: image.content,
        contentType: 'image/jpeg',
        cid: image.cid,
        contentDisposition: 'inline',
      })),
      ...(options.attachments ?? []).map((a) => ({
        filename: a.filename,
        content: a.content,
        contentType: a.contentType,
      })),
    ],
  });
  const raw = await composer.compile().build();
  return withoutHeaders(raw, ['date', 'message-id']);
}

/** `raw` without the named header fields (and their folded lines). */
function withoutHeaders(raw: Buffer, names: readonly string[]): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end).toString('latin1');
  const kept: string[] = [];
  let skipping = false;
  for (const line of head.split(CRLF)) {
    const folded = line.startsWith(' ') || line.startsWith('\t');
    if (!folded) skipping = names.includes(line.slice(0, line.indexOf(':')).toLowerCase());
    if (!skipping) kept.push(line);
  }
  return Buffer.concat([Buffer.from(kept.join(CRLF), 'latin1'), raw.subarray(end)]);
}

/** A mailbox for a header: the display name quoted (or encoded where it is not ASCII), the address in brackets. */
export function mailbox(name: string, email: string): string {
  // At most 64 characters of a name: encoded, even a long non-ASCII one keeps the header line within RFC 5322's 998.
  const clean = [...oneLine(name).replace(/[<>]/g, '')].slice(0, 64).join('').trim();
  if (!clean) return email;
  const ascii = /^[\x20-\x7e]*$/.test(clean);
  const display = ascii ? `"${clean.replace(/["\\]/g, (c) => `\\${c}`)}"` : encodeWords(clean, 'Q', 52, true);
  return `${display} <${email}>`;
}

/** Whether an address can go into a header and an SMTP envelope as it is: one address, nothing that would end a line. */
export function sendableAddress(email: string): boolean {
  return /^[\x21-\x7e]{3,254}$/.test(email) && /^[^@<>(),;:"[\]\\]{1,64}@[^@<>(),;:"[\]\\]{1,253}$/.test(email);
}

/** The Message-ID of one recipient of a mailing: the same on every attempt, so a resend is recognisable. */
export function recipientMessageId(mailingId: string, emailKey: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1) || 'pressdesk.invalid';
  const hash = createHash('sha256').update(emailKey).digest('hex').slice(0, 20);
  return `<${mailingId}.${hash}@${domain}>`;
}

/** The headers one recipient's message begins with, before the mailing's template. */
export function recipientHeaders(to: string | null, messageId: string, date: Date): string {
  const lines = [
    ...(to ? [`To: ${to}`] : []),
    `Message-ID: ${messageId}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
  ];
  return `${lines.join(CRLF)}${CRLF}`;
}

/** The exact message a recipient was sent: their headers, then the mailing's template. */
export function messageOf(headers: string, template: Buffer): Buffer {
  return Buffer.concat([Buffer.from(headers, 'latin1'), template]);
}
