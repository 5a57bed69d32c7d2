import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../services/testing/tempDir';
import { openWorkstation } from '../services/workstation';
import { cli } from './main';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const data = () => join(tmp.dir, 'data');
const other = () => join(tmp.dir, 'other');

async function seed(): Promise<string> {
  const ws = openWorkstation({ dataDir: data(), host: 'cli' });
  await ws.handlers['profile.set']({ name: 'Anna Autorin', function: '', email: '', initials: '' });
  const created = await ws.handlers['releases.create']({
    headline: 'Mehr Pflegekräfte',
    body: {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Das Land stellt 200 Pflegekräfte ein.' }] },
        {
          type: 'quote',
          attrs: { speaker: 'Manne Lucha', role: 'Sozialminister' },
          content: [{ type: 'paragraph', content: [{ type: 'text', text: '„Pflege braucht Zeit.“' }] }],
        },
      ],
    },
  });
  ws.close();
  return created.id;
}

describe('pressdesk status, approve and quotes', () => {
  it('approves a release and its quote, publishes it, and carries the approval through show --json and import', async () => {
    const id = await seed();
    const d = ['--data-dir', data()];

    const early = await run('status', id, 'veröffentlicht', ...d);
    expect(early.code).toBe(1);
    expect(early.err).toMatch(/FORBIDDEN_TRANSITION/);
    expect((await run('status', id, 'Prüfung', '--note', 'Bitte lesen', ...d)).code).toBe(0);
    const noApproval = await run('status', id, 'approved', ...d);
    expect(noApproval.code).toBe(1);
    expect(noApproval.err).toMatch(/APPROVAL_REQUIRED/);
    expect((await run('status', id, 'gelöscht', ...d)).code).toBe(2);

    // Four-eyes: the author does not approve her own text.
    const own = await run('approve', id, '--by', 'Anna Autorin', '--via', 'phone', ...d);
    expect(own.code).toBe(1);
    expect(own.err).toMatch(/FOUR_EYES/);
    expect((await run('approve', id, '--by', 'X', '--via', 'fax', ...d)).code).toBe(2);

    const eml = join(tmp.dir, 'Freigabe.eml');
    writeFileSync(eml, 'From: Amtschef <amtschef@example.org>\r\nSubject: Freigabe\r\n\r\nPasst.\r\n');
    const approved = await run(
      'approve',
      id,
      '--by',
      'Dr. Paul Prüfer',
      '--function',
      'Amtschef',
      '--via',
      'email',
      '--evidence',
      eml,
      '--note',
      'per Mail',
      '--json',
      ...d,
    );
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.out)).toMatchObject({
      status: 'approved',
      approval: { approvedBy: 'Dr. Paul Prüfer', function: 'Amtschef', via: 'email', remark: 'per Mail' },
    });

    const quotes = JSON.parse((await run('quotes', id, '--json', ...d)).out) as Record<string, unknown>[];
    expect(quotes).toEqual([
      {
        id: expect.stringMatching(/^q-[\da-f]{12}$/) as unknown,
        speaker: 'Manne Lucha',
        function: 'Sozialminister',
        text: '„Pflege braucht Zeit.“',
        state: 'open',
        approvedBy: null,
        approvedAt: null,
        via: null,
      },
    ]);
    const quoteId = String(quotes[0]!.id);
    const publishEarly = await run('status', id, 'published', ...d);
    expect(publishEarly.code).toBe(1);
    expect(publishEarly.err).toMatch(/APPROVAL_REQUIRED/);
    expect((await run('quotes', 'approve', id, quoteId, '--by', 'Manne Lucha', '--via', 'phone', ...d)).code).toBe(0);
    expect((await run('status', id, 'published', ...d)).code).toBe(0);

    const log = JSON.parse((await run('log', id, '--json', ...d)).out) as { kind: string; actor: string }[];
    expect(log.map((e) => e.kind)).toEqual(['created', 'status', 'approved', 'quote', 'status']);

    const shown = JSON.parse((await run('show', id, '--json', ...d)).out) as Record<string, unknown>;
    expect(shown.approval).toMatchObject({ approvedBy: 'Dr. Paul Prüfer', via: 'email', state: 'current' });
    expect(shown.quotes).toMatchObject([{ id: quoteId, state: 'approved', approvedBy: 'Manne Lucha', via: 'phone' }]);

    // The file goes to another workstation: the approval and the quote's state come along, marked imported.
    const file = join(tmp.dir, 'release.json');
    writeFileSync(file, JSON.stringify(shown));
    expect((await run('import', file, '--data-dir', other())).code).toBe(0);
    const there = JSON.parse((await run('show', id, '--json', '--data-dir', other())).out) as Record<string, unknown>;
    expect(there.approval).toMatchObject({
      approvedBy: 'Dr. Paul Prüfer',
      via: 'email',
      state: 'current',
      imported: true,
    });
    expect(there.quotes).toEqual(shown.quotes);

    // A file whose text was changed after the approval arrives with a stale approval.
    const edited = { ...shown, id: 'geaendert-1', headline: 'Noch mehr Pflegekräfte' };
    writeFileSync(file, JSON.stringify(edited));
    expect((await run('import', file, '--data-dir', other())).code).toBe(0);
    const changed = JSON.parse((await run('show', 'geaendert-1', '--json', '--data-dir', other())).out) as {
      approval: { state: string };
    };
    expect(changed.approval.state).toBe('stale');
  });
});
