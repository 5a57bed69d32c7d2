import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addList, pressRelease, useServer } from '../testing/mailFixtures';
import { startTestSmtp } from '../testing/smtp';
import { makeTempDir } from '../testing/tempDir';
import { MODULE_URL_OPTIONS } from '../testing/nodeBundle';
import { openWorkstation } from '../workstation';

/*
 * The kill test: `pressdesk send` runs in a process of its own and is killed
 * with SIGKILL while it sends (right after the server kept a message, before
 * the sender heard the answer), again and again; each time the same command
 * resumes. In the end every recipient has exactly one message.
 */

const ROOT = join(__dirname, '..', '..', '..');
let tmp: ReturnType<typeof makeTempDir>;
let bundle: string;
let bundleDir: string;

beforeAll(async () => {
  tmp = makeTempDir('pressdesk-mailkill-');
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  // Inside the checkout, so that the bundle finds the project's packages (sharp is imported dynamically).
  bundleDir = mkdtempSync(join(ROOT, 'out', 'test-mailkill-'));
  bundle = join(bundleDir, 'pressdesk.cjs');
  await build({
    entryPoints: [join(ROOT, 'electron', 'cli', 'index.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['better-sqlite3', 'sharp', 'juice', 'nodemailer'],
    ...MODULE_URL_OPTIONS,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
});
afterAll(() => {
  tmp.cleanup();
  rmSync(bundleDir, { recursive: true, force: true });
});

function send(
  dataDir: string,
  id: string,
): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [bundle, 'send', id, '--list', 'Presse', '--json', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), PRESSDESK_SMTP_PASSWORD: 'x' },
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => (out += c));
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => (err += c));
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, out, err })),
  );
  return { child, done };
}

describe('a sender killed in the middle of a mailing', () => {
  it('resumes after each SIGKILL and mails every recipient exactly once', async () => {
    const dataDir = join(tmp.dir, 'data');
    const emails = Array.from({ length: 24 }, (_, i) => `person${String(i).padStart(2, '0')}@redaktion.example`);
    let killAt = 0;
    let current: ChildProcess | undefined;
    const smtp = await startTestSmtp({
      onMessage: (count) => {
        if (count === killAt) current?.kill('SIGKILL');
      },
    });
    let id: string;
    const ws = openWorkstation({ dataDir, host: 'cli' });
    try {
      useServer(ws, smtp.port);
      addList(
        ws,
        'Presse',
        emails.map((email) => ({ email })),
      );
      id = (await pressRelease(ws)).id;
    } finally {
      ws.close();
    }
    try {
      const kills: (number | null)[] = [];
      for (const at of [3, 9, 16]) {
        killAt = at;
        const run = send(dataDir, id);
        current = run.child;
        const { code, err } = await run.done;
        kills.push(code);
        expect(smtp.messages.length, err).toBeGreaterThanOrEqual(at);
      }
      // Killed every time (no exit code of its own).
      expect(kills).toEqual([null, null, null]);
      killAt = -1;
      const last = send(dataDir, id);
      current = last.child;
      const { code, out } = await last.done;
      const answer = JSON.parse(out) as { recipients: number; accepted: number; uncertain: string[] };
      expect(answer.recipients).toBe(24);
      // A recipient whose answer the killed sender never heard is reported, not mailed again.
      expect(code).toBe(answer.uncertain.length > 0 ? 1 : 0);
      expect(answer.accepted + answer.uncertain.length).toBe(24);

      const received = smtp.messages.map((m) => m.to[0]).sort();
      expect(received).toEqual(emails);
      const ids = await Promise.all(smtp.messages.map(async (m) => (await simpleParser(m.raw)).messageId));
      expect(new Set(ids).size).toBe(24);
    } finally {
      await smtp.close();
    }
  });
});
