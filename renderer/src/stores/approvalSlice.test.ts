import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentNode } from '../../../shared/document';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

const body = (text: string, quote?: string): DocumentNode =>
  ({
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text }] },
      ...(quote
        ? [
            {
              type: 'quote',
              attrs: { speaker: 'Manne Lucha', role: 'Minister für Soziales' },
              content: [{ type: 'paragraph', content: [{ type: 'text', text: quote }] }],
            },
          ]
        : []),
    ],
  }) as DocumentNode;

const EML = 'From: Buero <buero@example.org>\r\nTo: presse@example.org\r\nSubject: Freigabe\r\n\r\nFreigegeben.\r\n';
const base64 = (text: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

let engine: TestEngine;
let store: AppStore;

beforeEach(async () => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api });
  await engine.elsewhere.call('profile.set', { name: 'Anna Autorin', function: 'Pressereferentin' });
});

const approval = () => store.getState().approval;
const compose = () => store.getState().compose;

/** A release written here by Anna Autorin (the profile), open in compose. */
async function written(quote?: string) {
  store.getState().startNewRelease();
  store.getState().setField('headline', 'Mehr Pflegekräfte');
  store.getState().setBody(body('Das Land stellt 200 neue Pflegekräfte ein.', quote));
  expect(await store.getState().saveRelease()).toBe(true);
  await store.getState().loadApproval();
  return compose().releaseId!;
}

describe('approval slice', () => {
  it('runs review and an approval by e-mail with evidence; the editor takes over the new status and version', async () => {
    const id = await written();
    expect(approval()).toMatchObject({ releaseId: id, status: 'ready', value: { state: 'none' } });
    expect(approval().value!.blocks.map((b) => b.code)).toEqual(['not-approved']);

    expect(
      await store.getState().requestReview({
        reviewers: ['Dr. Paul Prüfer', ' ', 'Büro des Ministers'],
        deadline: '2026-06-02T12:00:00.000Z',
        remark: 'Bitte bis Mittag',
      }),
    ).toEqual({ ok: true });
    expect(approval().value!.review).toMatchObject({
      reviewers: ['Dr. Paul Prüfer', 'Büro des Ministers'],
      deadline: '2026-06-02T12:00:00.000Z',
      remark: 'Bitte bis Mittag',
    });
    const stored = await engine.stored(id);
    expect(compose()).toMatchObject({ status: 'review', baseVersion: stored.version });

    expect(
      await store.getState().recordApproval({
        via: 'email',
        by: 'Dr. Paul Prüfer',
        function: 'Amtschef',
        approvedAt: null,
        remark: '',
        evidence: { name: 'Freigabe.eml', base64: base64(EML) },
      }),
    ).toEqual({ ok: true });
    const approved = approval().value!;
    expect(approved).toMatchObject({
      state: 'current',
      status: 'approved',
      approval: {
        approvedBy: 'Dr. Paul Prüfer',
        function: 'Amtschef',
        via: 'email',
        evidence: { name: 'Freigabe.eml' },
      },
    });
    expect(compose()).toMatchObject({ status: 'approved', baseVersion: (await engine.stored(id)).version });
    const evidence = await store.getState().fetchEvidence(approved.approval!.id);
    expect(new TextDecoder().decode(evidence!.bytes)).toBe(EML);

    // The next save builds on the approval's version: no conflict, and the approval goes stale.
    store.getState().setBody(body('Das Land stellt 250 neue Pflegekräfte ein.'));
    expect(await store.getState().saveRelease()).toBe(true);
    expect(compose().save.kind).toBe('saved');
    await store.getState().loadApproval();
    expect(approval().value!.state).toBe('stale');
    const diff = approval().value!.changes.find((c) => c.field === 'body')!;
    expect(diff.parts.filter((p) => p.added).map((p) => p.text.trim())).toEqual(['250']);

    expect(await store.getState().confirmCorrection({ via: 'phone', remark: 'Zahl korrigiert' })).toEqual({ ok: true });
    expect(approval().value).toMatchObject({ state: 'current', approval: { kind: 'form-correction' } });
  });

  it('keeps a refused approval in the dialog: four-eyes and invalid evidence change nothing', async () => {
    const id = await written();
    const before = await engine.stored(id);
    expect(
      await store.getState().recordApproval({
        via: 'app',
        by: '',
        function: '',
        approvedAt: null,
        remark: '',
        evidence: null,
      }),
    ).toEqual({ ok: false, code: 'FOUR_EYES', reason: null });
    expect(
      await store.getState().recordApproval({
        via: 'email',
        by: 'Dr. Paul Prüfer',
        function: '',
        approvedAt: null,
        remark: '',
        evidence: { name: 'bild.eml', base64: btoa('\u0089PNG\r\n\u001a\n\u0000\u0000') },
      }),
    ).toMatchObject({ ok: false, code: 'EVIDENCE_INVALID' });
    expect(await engine.stored(id)).toMatchObject({ status: 'draft', version: before.version });
    expect(approval().value!.history).toEqual([]);
    expect(compose().baseVersion).toBe(before.version);
  });

  it('refuses „Freigegeben“ without an approval and „Veröffentlicht“ with open quotes, and says why', async () => {
    const id = await written('„Pflege braucht Zeit.“');
    expect(await store.getState().changeStatus('review')).toBe(true);
    expect(await store.getState().changeStatus('approved')).toBe(false);
    expect(compose().statusError).toEqual({ to: 'approved', code: 'APPROVAL_REQUIRED', reason: 'not-approved' });

    await store.getState().recordApproval({
      via: 'phone',
      by: 'Dr. Paul Prüfer',
      function: '',
      approvedAt: null,
      remark: '',
      evidence: null,
    });
    expect(compose()).toMatchObject({ status: 'approved', statusError: null, actionError: null });
    expect(await store.getState().changeStatus('published')).toBe(false);
    expect(compose().statusError).toEqual({ to: 'published', code: 'APPROVAL_REQUIRED', reason: 'quotes' });

    const [quote] = approval().value!.quotes;
    expect(quote).toMatchObject({ speaker: 'Manne Lucha', state: 'open' });
    expect(await store.getState().requestQuote(quote!.id, 'Büro Lucha')).toEqual({ ok: true });
    expect(approval().value!.quotes[0]).toMatchObject({ state: 'requested', requestedFrom: 'Büro Lucha' });
    expect(
      await store.getState().decideQuote(quote!.id, { decision: 'approved', by: 'Manne Lucha', via: 'phone' }),
    ).toEqual({ ok: true });
    expect(approval().value!.quotes[0]).toMatchObject({ state: 'approved', approvedBy: 'Manne Lucha' });
    expect(approval().value!.blocks).toEqual([]);

    // Quote actions write the log but not the release: the editor's version stays valid.
    expect(compose().baseVersion).toBe((await engine.stored(id)).version);
    expect(await store.getState().changeStatus('published')).toBe(true);
    expect(compose()).toMatchObject({ status: 'published', statusError: null });
  });

  it('saves typed text before approving, so the approval covers what the user sees', async () => {
    const id = await written();
    store.getState().setField('teaser', 'Ein Vorspann, gerade getippt.');
    expect(compose().dirty).toBe(true);
    await store.getState().recordApproval({
      via: 'person',
      by: 'Dr. Paul Prüfer',
      function: '',
      approvedAt: null,
      remark: '',
      evidence: null,
    });
    expect(await engine.stored(id)).toMatchObject({ teaser: 'Ein Vorspann, gerade getippt.', status: 'approved' });
    expect(approval().value!.state).toBe('current');
    expect(compose().dirty).toBe(false);
  });

  it('reads and stores the approval rules', async () => {
    await store.getState().loadApprovalRules();
    expect(store.getState().approvalRules).toEqual({ fourEyes: true, quotes: true, error: null });
    expect(await store.getState().saveApprovalRule('approval.fourEyes', false)).toBe(true);
    expect(store.getState().approvalRules.fourEyes).toBe(false);
    expect(await engine.elsewhere.call('settings.get', { key: 'approval.fourEyes' })).toMatchObject({ value: 'off' });
    // Now the author may approve in Pressdesk.
    await written();
    expect(
      await store.getState().recordApproval({
        via: 'app',
        by: '',
        function: '',
        approvedAt: null,
        remark: '',
        evidence: null,
      }),
    ).toEqual({ ok: true });
    expect(approval().value!.approval).toMatchObject({ approvedBy: 'Anna Autorin', function: 'Pressereferentin' });
  });

  it('puts a rule back when storing it fails', async () => {
    await store.getState().loadApprovalRules();
    engine.failNext('settings.set', 'NETWORK');
    expect(await store.getState().saveApprovalRule('approval.quotes', false)).toBe(false);
    expect(store.getState().approvalRules).toEqual({ fourEyes: true, quotes: true, error: 'NETWORK' });
    expect(await engine.elsewhere.call('settings.get', { key: 'approval.quotes' })).toMatchObject({ value: 'on' });
  });

  it('reports an engine that cannot be reached while loading', async () => {
    await written();
    engine.failNext('approval.get', 'NETWORK');
    await store.getState().loadApproval();
    expect(approval()).toMatchObject({ status: 'error', error: 'NETWORK' });
  });
});
