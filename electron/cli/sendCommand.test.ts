import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addList, pressRelease, useServer } from '../services/testing/mailFixtures';
import { startTestSmtp, type TestSmtp } from '../services/testing/smtp';
import { makeTempDir } from '../services/testing/tempDir';
import { openWorkstation } from '../services/workstation';
import { cli, EXIT_CANCELLED, type Io } from './main';

const PASSWORD = 'cli-Passwort-91b2';

let tmp: ReturnType<typeof makeTempDir>;
let smtp: TestSmtp;
const data = () => join(tmp.dir, 'data');

async function run(
  argv: string[],
  extra: Partial<Io> = {},
): Promise<{ code: number; out: string; err: string; raw: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const raw: string[] = [];
  const code = await cli(
    [...argv, '--data-dir', data()],
    { out: (l) => out.push(l), err: (l) => err.push(l), errWrite: (c) => void raw.push(c), ...extra },
    { PRESSDESK_SMTP_PASSWORD: PASSWORD },
  );
  return { code, out: out.join('\n'), err: err.join('\n'), raw };
}

/** A data directory with a release, two lists and the mail settings of `smtp`. */
async function setUp(options: { refuse?: (a: string) => boolean; user?: boolean } = {}): Promise<string> {
  smtp = await startTestSmtp({
    refuse: options.refuse,
    ...(options.user ? { auth: { user: 'presse', password: PASSWORD } } : {}),
  });
  const ws = openWorkstation({ dataDir: data(), host: 'cli' });
  try {
    useServer(ws, smtp.port, options.user ? { 'mail.user': 'presse' } : {});
    addList(ws, 'Presse', [
      { email: 'anna@zeitung.example', name: 'Anna Müller' },
      { email: 'ben@radio.example', name: 'Ben' },
      { email: 'weg@radio.example', name: 'Weg', optOut: true },
    ]);
    addList(ws, 'Agenturen', [{ email: 'dpa@agentur.example' }, { email: 'epd@agentur.example' }]);
    return (await pressRelease(ws)).id;
  } finally {
    ws.close();
  }
}

beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(async () => {
  await smtp?.close();
  tmp.cleanup();
});

describe('pressdesk send', () => {
  it('sends to the lists and answers {mailing, recipients, accepted, refused, suppressed}', async () => {
    const id = await setUp({ user: true });
    const sent = await run(['send', id, '--list', 'Presse', '--list', 'Agenturen', '--json']);
    expect(sent.err).toBe('');
    expect(sent.code).toBe(0);
    const answer = JSON.parse(sent.out) as Record<string, unknown>;
    expect(answer).toMatchObject({ recipients: 4, accepted: 4, refused: [], suppressed: 1 });
    expect(typeof answer.mailing).toBe('string');
    expect(smtp.messages.map((m) => m.to)).toEqual([
      ['anna@zeitung.example'],
      ['ben@radio.example'],
      ['dpa@agentur.example'],
      ['epd@agentur.example'],
    ]);
    // The password came from the environment, and went nowhere but to the server.
    expect(smtp.passwords).toEqual([PASSWORD]);
    expect(sent.out).not.toContain(PASSWORD);
    expect(readFileSync(join(data(), 'pressdesk.db')).includes(PASSWORD)).toBe(false);

    // Once mailed, a list is not mailed again unless on purpose.
    const again = await run(['send', id, '--list', 'Presse']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/\[MAIL_ALREADY_SENT\]$/);
    expect(smtp.messages).toHaveLength(4);
    const onPurpose = await run(['send', id, '--list', 'Presse', '--again', '--json']);
    expect(JSON.parse(onPurpose.out)).toMatchObject({ recipients: 2, accepted: 2 });
  });

  it('exits 1 when a recipient was refused, naming the address and the reason', async () => {
    const id = await setUp({ refuse: (a) => a.startsWith('ben@') });
    const sent = await run(['send', id, '--list', 'Presse', '--json']);
    expect(sent.code).toBe(1);
    expect(JSON.parse(sent.out)).toMatchObject({
      recipients: 2,
      accepted: 1,
      refused: [{ email: 'ben@radio.example', reason: expect.stringMatching(/^550 /) as unknown }],
    });
    const text = await run(['send', id, '--list', 'Agenturen']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/2 of 2 accepted, 0 refused, 0 suppressed/);
  });

  it('a test mail goes to the one address', async () => {
    const id = await setUp();
    const sent = await run(['send', id, '--list', 'Presse', '--test', 'ich@musterstadt.example', '--json']);
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.out)).toMatchObject({ recipients: 1, accepted: 1 });
    expect(smtp.messages.map((m) => m.to)).toEqual([['ich@musterstadt.example']]);
  });

  it('--eml writes a draft for a mail program instead of sending', async () => {
    const id = await setUp();
    const out = join(tmp.dir, 'pm.eml');
    const written = await run(['send', id, '--eml', out]);
    expect(written.code).toBe(0);
    const mail = await simpleParser(readFileSync(out));
    expect(mail.headers.get('x-unsent')).toBe('1');
    expect(mail.to).toBeUndefined();
    expect(mail.subject).toMatch(/^SPERRFRIST: .* – PM 7\/2026: Grünflächen/);
    expect(smtp.messages).toHaveLength(0);
    const twice = await run(['send', id, '--eml', out]);
    expect(twice.err).toMatch(/\[EXPORT_TARGET_EXISTS\]$/);
  });

  it('without the server: MAIL_SERVER_UNREACHABLE, and the next send resumes the queue', async () => {
    const id = await setUp();
    await smtp.close();
    const failed = await run(['send', id, '--list', 'Presse']);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/\[MAIL_SERVER_UNREACHABLE\]$/);
    smtp = await startTestSmtp();
    const ws = openWorkstation({ dataDir: data(), host: 'cli' });
    useServer(ws, smtp.port);
    ws.close();
    const resumed = await run(['send', id, '--list', 'Presse', '--json']);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.out)).toMatchObject({ recipients: 2, accepted: 2 });
    expect(smtp.messages).toHaveLength(2);
  });

  it('Ctrl+C stops between two messages (exit 130); the next send mails the rest, nobody twice', async () => {
    const id = await setUp();
    let interrupt: (() => void) | undefined;
    let handedBack = 0;
    const stopped = await run(['send', id, '--list', 'Presse', '--list', 'Agenturen'], {
      errIsTTY: true,
      catchInterrupt: (onInterrupt) => {
        interrupt = onInterrupt;
        return () => void (handedBack += 1);
      },
      errWrite: (chunk) => {
        if (chunk.includes('Sending: 1 of 4')) interrupt?.();
      },
    });
    expect(stopped.code).toBe(EXIT_CANCELLED);
    expect(stopped.err).toMatch(/\[CANCELLED\]$/);
    expect(handedBack).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    const rest = await run(['send', id, '--list', 'Agenturen', '--list', 'Presse', '--json']);
    expect(JSON.parse(rest.out)).toMatchObject({ recipients: 4, accepted: 4 });
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual([
      'anna@zeitung.example',
      'ben@radio.example',
      'dpa@agentur.example',
      'epd@agentur.example',
    ]);
  });

  it('usage: an ID and a list are needed', async () => {
    await setUp();
    expect((await run(['send'])).code).toBe(2);
    expect((await run(['send', 'x'])).code).toBe(2);
    expect(existsSync(data())).toBe(true);
  });
});
