import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import type { ApprovalState, LogKind, QuoteEntry, Release } from '../../../shared/domain';
import { makeTempDir } from '../testing/tempDir';
import Database from 'better-sqlite3';
import { openWorkstation, restoreDataDir, type Workstation } from '../workstation';

/*
 * Approval (Freigabe): who approved what, bound to the text; quotes approved
 * by their speakers; the rules that keep an unapproved text from the public.
 */

const NOW = new Date('2026-06-01T10:00:00.000Z');

function doc(paragraph: string, quote?: { speaker: string; role: string; text: string }) {
  return {
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: paragraph }] },
      ...(quote
        ? [
            {
              type: 'quote',
              attrs: { speaker: quote.speaker, role: quote.role },
              content: [{ type: 'paragraph', content: [{ type: 'text', text: quote.text }] }],
            },
          ]
        : []),
    ],
  };
}

const LUCHA = { speaker: 'Manne Lucha', role: 'Minister für Soziales', text: '„Pflege braucht Zeit.“' };
const EML = Buffer.from(
  'From: Buero Minister <buero@example.org>\r\nTo: presse@example.org\r\nSubject: Freigabe PM\r\n\r\nFreigegeben.\r\n',
);

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli', now: () => NOW });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

async function ok<T>(name: string, input: unknown): Promise<T> {
  const answer = await dispatch(ws.handlers, name, input);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`);
  return answer.value as T;
}
async function code(name: string, input: unknown): Promise<string> {
  const answer = await dispatch(ws.handlers, name, input);
  return answer.ok ? 'OK' : answer.error.code;
}
async function kinds(id: string): Promise<LogKind[]> {
  return (await ok<{ items: { kind: LogKind }[] }>('log.list', { id })).items.map((e) => e.kind);
}

async function written(as = 'Anna Autorin', quote = true): Promise<Release> {
  await ok('profile.set', { name: as, function: 'Pressereferentin' });
  const created = await ok<Release>('releases.create', { headline: 'Mehr Pflegekräfte', topic: 'Pflege' });
  return ok<Release>('releases.save', {
    id: created.id,
    baseVersion: created.version,
    fields: { body: doc('Das Land stellt 200 neue Pflegekräfte ein.', quote ? LUCHA : undefined) },
  });
}

describe('review and approval', () => {
  it('runs the cycle: review, approval by e-mail with evidence, publish; one log entry per action', async () => {
    const r = await written();
    const review = await ok<ApprovalState>('approval.requestReview', {
      id: r.id,
      reviewers: ['Büro des Ministers', 'Dr. Paul Prüfer'],
      deadline: '2026-06-02T12:00:00.000Z',
    });
    expect(review.status).toBe('review');
    expect(review.review).toMatchObject({ reviewers: ['Büro des Ministers', 'Dr. Paul Prüfer'] });
    expect(review.state).toBe('none');

    // Publishing before the approval is refused, and says why.
    const refused = await dispatch(ws.handlers, 'approval.setStatus', { id: r.id, status: 'approved' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED', details: { reason: 'not-approved' } },
    });

    await ok('profile.set', { name: 'Bernd Büro', function: 'Pressestelle' });
    const approved = await ok<ApprovalState>('approval.approve', {
      id: r.id,
      by: 'Dr. Paul Prüfer',
      function: 'Amtschef',
      via: 'email',
      remark: 'Per Mail um 9:12',
      evidence: { name: 'Freigabe.eml', base64: EML.toString('base64') },
    });
    expect(approved.status).toBe('approved');
    expect(approved.state).toBe('current');
    expect(approved.approval).toMatchObject({
      approvedBy: 'Dr. Paul Prüfer',
      function: 'Amtschef',
      via: 'email',
      remark: 'Per Mail um 9:12',
      recordedBy: { name: 'Bernd Büro' },
      evidence: { name: 'Freigabe.eml', type: 'message/rfc822', size: EML.length },
    });
    const evidence = await ok<{ base64: string }>('approval.evidence', { id: r.id, approvalId: approved.approval!.id });
    expect(Buffer.from(evidence.base64, 'base64').equals(EML)).toBe(true);

    // The quote is not approved yet: publishing is refused for it.
    expect(await code('approval.setStatus', { id: r.id, status: 'published' })).toBe('APPROVAL_REQUIRED');
    const [quote] = approved.quotes;
    expect(quote).toMatchObject({ speaker: 'Manne Lucha', function: 'Minister für Soziales', state: 'open' });
    await ok('quotes.request', { id: r.id, quoteId: quote!.id, from: 'Büro Lucha' });
    const q = await ok<QuoteEntry>('quotes.decide', {
      id: r.id,
      quoteId: quote!.id,
      decision: 'approved',
      by: 'Manne Lucha',
      via: 'phone',
    });
    expect(q).toMatchObject({
      state: 'approved',
      approvedBy: 'Manne Lucha',
      via: 'phone',
      requestedFrom: 'Büro Lucha',
    });

    const published = await ok<Release>('approval.setStatus', { id: r.id, status: 'published', remark: 'raus damit' });
    expect(published.status).toBe('published');
    expect(await kinds(r.id)).toEqual([
      'created',
      'autosave',
      'review-requested',
      'approved',
      'quote',
      'quote',
      'status',
    ]);
    const log = (await ok<{ items: { kind: string; detail: Record<string, unknown> }[] }>('log.list', { id: r.id }))
      .items;
    expect(log[3]!.detail).toMatchObject({ by: 'Dr. Paul Prüfer', via: 'email', evidence: 'Freigabe.eml' });
    expect(log[6]!.detail).toEqual({ from: 'approved', to: 'published', remark: 'raus damit' });
  });

  it('refuses an approval by the author of the last content change (four-eyes), unless the office turned it off', async () => {
    const r = await written('Anna Autorin');
    expect(await code('approval.approve', { id: r.id, via: 'app' })).toBe('FOUR_EYES');
    expect(await code('approval.approve', { id: r.id, by: ' anna  AUTORIN ', via: 'phone' })).toBe('FOUR_EYES');
    expect((await ok<Release>('releases.get', { id: r.id })).status).toBe('draft');
    // Someone else at this workstation approves in Pressdesk.
    await ok('profile.set', { name: 'Carla Chefin', function: 'Leiterin Pressestelle' });
    const state = await ok<ApprovalState>('approval.approve', { id: r.id, via: 'app' });
    expect(state.approval).toMatchObject({ approvedBy: 'Carla Chefin', function: 'Leiterin Pressestelle', via: 'app' });

    const other = await written('Anna Autorin', false);
    await ok('settings.set', { key: 'approval.fourEyes', value: 'off' });
    expect(await code('approval.approve', { id: other.id, via: 'app' })).toBe('OK');
  });

  it('marks a changed text stale, shows the word diff, blocks export and mail until approved again', async () => {
    const r = await written('Anna Autorin', false);
    await ok('approval.approve', { id: r.id, by: 'Dr. Paul Prüfer', via: 'phone' });
    expect(await code('export.wireText', { id: r.id })).toBe('OK');
    const current = await ok<Release>('releases.get', { id: r.id });
    await ok('releases.save', {
      id: r.id,
      baseVersion: current.version,
      fields: { body: doc('Das Land stellt 250 neue Pflegekräfte ein.') },
    });
    const stale = await ok<ApprovalState>('approval.get', { id: r.id });
    expect(stale.state).toBe('stale');
    expect(stale.blocks.map((b) => b.code)).toContain('stale');
    const body = stale.changes.find((c) => c.field === 'body')!;
    expect(body.parts.filter((p) => p.removed).map((p) => p.text.trim())).toEqual(['200']);
    expect(body.parts.filter((p) => p.added).map((p) => p.text.trim())).toEqual(['250']);

    const blocked = await dispatch(ws.handlers, 'export.wireText', { id: r.id });
    expect(blocked).toMatchObject({ ok: false, error: { code: 'EXPORT_BLOCKED' } });
    const findings = (blocked as { error: { details: { findings: { code: string }[] } } }).error.details.findings;
    expect(findings.map((f) => f.code)).toContain('APPROVAL_STALE');
    expect(await code('approval.setStatus', { id: r.id, status: 'published' })).toBe('APPROVAL_REQUIRED');

    // Only the approver confirms a correction of form; then the approval covers the new text.
    expect(await code('approval.confirmCorrection', { id: r.id, by: 'Jemand Anders', via: 'phone' })).toBe(
      'APPROVAL_REQUIRED',
    );
    const confirmed = await ok<ApprovalState>('approval.confirmCorrection', { id: r.id, via: 'phone' });
    expect(confirmed.state).toBe('current');
    expect(confirmed.approval).toMatchObject({ kind: 'form-correction', approvedBy: 'Dr. Paul Prüfer' });
    expect(await code('export.wireText', { id: r.id })).toBe('OK');
    expect((await kinds(r.id)).slice(-2)).toEqual(['approval-confirmed', 'exported']);
  });

  it('binds a quote approval to its words: an edited quote is open again and blocks export', async () => {
    const r = await written('Anna Autorin');
    await ok('approval.approve', { id: r.id, by: 'Dr. Paul Prüfer', via: 'person' });
    const [quote] = await ok<{ items: QuoteEntry[] }>('quotes.list', { id: r.id }).then((x) => x.items);
    expect(await code('export.wireText', { id: r.id })).toBe('EXPORT_BLOCKED');
    await ok('quotes.decide', { id: r.id, quoteId: quote!.id, decision: 'approved', by: 'Manne Lucha', via: 'email' });
    expect(await code('export.wireText', { id: r.id })).toBe('OK');

    // The quote changes: its approval is gone (and the release approval is stale too).
    const current = await ok<Release>('releases.get', { id: r.id });
    await ok('releases.save', {
      id: r.id,
      baseVersion: current.version,
      fields: { body: doc('Das Land stellt 200 neue Pflegekräfte ein.', { ...LUCHA, text: '„Pflege braucht Geld.“' }) },
    });
    const after = await ok<{ items: QuoteEntry[] }>('quotes.list', { id: r.id });
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({ state: 'open', approvedBy: null });
    expect(after.items[0]!.id).not.toBe(quote!.id);
    const blocked = await dispatch(ws.handlers, 'export.wireText', { id: r.id });
    const codes = (blocked as { error: { details: { findings: { code: string }[] } } }).error.details.findings.map(
      (f) => f.code,
    );
    expect(codes).toEqual(expect.arrayContaining(['APPROVAL_STALE', 'QUOTE_NOT_APPROVED']));
    // The old quote id is unknown now.
    expect(
      await code('quotes.decide', {
        id: r.id,
        quoteId: quote!.id,
        decision: 'approved',
        by: 'Manne Lucha',
        via: 'app',
      }),
    ).toBe('NOT_FOUND');

    // With the office's quote rule off, only the stale approval blocks.
    await ok('settings.set', { key: 'approval.quotes', value: 'off' });
    await ok('approval.approve', { id: r.id, by: 'Dr. Paul Prüfer', via: 'person' });
    expect(await code('export.wireText', { id: r.id })).toBe('OK');
  });

  it('takes an approval back when the release goes back to rework', async () => {
    const r = await written('Anna Autorin', false);
    await ok('approval.approve', { id: r.id, by: 'Dr. Paul Prüfer', via: 'phone' });
    await ok('approval.setStatus', { id: r.id, status: 'draft', remark: 'Noch einmal ran' });
    const state = await ok<ApprovalState>('approval.get', { id: r.id });
    expect(state.state).toBe('none');
    expect(state.history).toHaveLength(1);
    expect(await code('approval.setStatus', { id: r.id, status: 'approved' })).toBe('APPROVAL_REQUIRED');
    expect(await code('releases.create', { headline: 'x', status: 'published' })).toBe('APPROVAL_REQUIRED');
  });

  it('refuses evidence that is not an e-mail or a PDF, an approval from the future, and changes nothing', async () => {
    const r = await written('Anna Autorin', false);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    for (const bytes of [png, Buffer.alloc(0), Buffer.from('<html><script>alert(1)</script>')]) {
      expect(
        await code('approval.approve', {
          id: r.id,
          by: 'Dr. Paul Prüfer',
          via: 'email',
          evidence: { name: 'x.eml', base64: bytes.toString('base64') },
        }),
      ).toBe('EVIDENCE_INVALID');
    }
    expect(
      await code('approval.approve', {
        id: r.id,
        by: 'Dr. Paul Prüfer',
        via: 'email',
        approvedAt: '2027-01-01T00:00:00Z',
      }),
    ).toBe('INVALID_INPUT');
    expect(await code('approval.approve', { id: r.id, via: 'fax' })).toBe('INVALID_INPUT');
    const state = await ok<ApprovalState>('approval.get', { id: r.id });
    expect(state.history).toHaveLength(0);
    expect((await ok<Release>('releases.get', { id: r.id })).status).toBe('draft');
    expect(await kinds(r.id)).toEqual(['created', 'autosave']);
    const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const done = await ok<ApprovalState>('approval.approve', {
      id: r.id,
      by: 'Dr. Paul Prüfer',
      via: 'email',
      evidence: { name: '../../etc/Freigabe\u0000.pdf', base64: pdf.toString('base64') },
    });
    expect(done.approval!.evidence).toMatchObject({ name: 'Freigabe.pdf', type: 'application/pdf' });
  });

  it('keeps approvals, evidence and quote states through a backup; a tampered evidence is dropped', async () => {
    const r = await written('Anna Autorin');
    const state = await ok<ApprovalState>('approval.approve', {
      id: r.id,
      by: 'Dr. Paul Prüfer',
      via: 'email',
      evidence: { name: 'Freigabe.eml', base64: EML.toString('base64') },
    });
    await ok('quotes.decide', {
      id: r.id,
      quoteId: state.quotes[0]!.id,
      decision: 'rejected',
      by: 'Manne Lucha',
      via: 'phone',
    });
    const backup = join(tmp.dir, 'copy.db');
    await ws.backupDatabase(backup);
    const dataDir = join(tmp.dir, 'data');
    ws.close();
    await restoreDataDir(dataDir, backup);
    ws = openWorkstation({ dataDir, host: 'cli', now: () => NOW });
    const restored = await ok<ApprovalState>('approval.get', { id: r.id });
    expect(restored.state).toBe('current');
    expect(restored.approval).toMatchObject({ approvedBy: 'Dr. Paul Prüfer', evidence: { name: 'Freigabe.eml' } });
    expect(restored.quotes[0]).toMatchObject({ state: 'rejected', rejectedBy: 'Manne Lucha' });
    expect(restored.lastContentAuthor).toMatchObject({ name: 'Anna Autorin' });
    // Four-eyes still knows the author after the restore.
    await ok('approval.setStatus', { id: r.id, status: 'review' });
    expect(await code('approval.approve', { id: r.id, by: 'Anna Autorin', via: 'phone' })).toBe('FOUR_EYES');

    // A backup whose evidence was swapped for something else, and whose approval names a wrong hash.
    const foreign = new Database(backup);
    foreign.prepare('UPDATE release_approvals SET evidence = ?').run(Buffer.from('MZ\u0090\u0000 not an e-mail'));
    foreign
      .prepare(
        "INSERT INTO quote_states (release_id, quote_id, state, speaker, remark, recorded_by, recorded_at) VALUES (?, 'q-zzz', 'approved', 'X', '', '{}', 'gestern')",
      )
      .run(r.id);
    foreign.close();
    ws.close();
    const result = await restoreDataDir(dataDir, backup);
    ws = openWorkstation({ dataDir, host: 'cli', now: () => NOW });
    const again = await ok<ApprovalState>('approval.get', { id: r.id });
    expect(again.approval).toMatchObject({ approvedBy: 'Dr. Paul Prüfer', evidence: null });
    expect(result.kind === 'database' && result.dropped.filter((d) => /^(?:evidence|quote):/.test(d))).toHaveLength(2);
  });
});
