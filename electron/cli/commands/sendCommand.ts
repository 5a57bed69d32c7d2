import { writeFile } from 'node:fs/promises';
import { PressdeskError } from '../../../shared/errors';
import { UsageError, type Command, type Io } from '../command';
import { progressLine, silentProgress, type ProgressLine } from '../progress';

function sendProgress(io: Io, json: boolean): ProgressLine {
  const write = io.errWrite;
  if (!write || io.errIsTTY !== true || json) return silentProgress;
  return progressLine(write);
}

/** The list names: every --list, and names that follow one (`--list Presse Agenturen`). */
function listNames(option: unknown, rest: readonly string[]): string[] {
  const given: unknown[] = Array.isArray(option) ? (option as unknown[]) : typeof option === 'string' ? [option] : [];
  return [...given, ...(given.length > 0 ? rest : [])].map((n) => String(n).trim()).filter(Boolean);
}

export const sendCommand: Command = {
  name: 'send',
  synopsis: 'send ID --list NAME... [--test ADDRESS] [--again] [--attach-pdf] [--eml OUT]',
  summary:
    'Send a release as press mail to lists, one message per recipient (resumes an unfinished mailing; exit 1 if any recipient was refused)',
  options: {
    list: { type: 'string', multiple: true, description: 'a list to send to (repeatable)' },
    test: { type: 'string', description: 'send a test mail to this address only' },
    again: { type: 'boolean', description: 'send to lists the release was mailed to before' },
    eml: { type: 'string', description: 'write the mail as an .eml draft to this file instead of sending' },
    'attach-pdf': { type: 'boolean', description: "attach the release as a PDF on the office's letterhead" },
  },
  async run({ args, options, json, io, workstation }) {
    const [id, ...rest] = args;
    if (!id) throw new UsageError('send needs a release ID');
    const lists = listNames(options.list, rest);
    if (lists.length === 0 && rest.length > 0) throw new UsageError(`send takes one ID (unexpected "${rest[0]}")`);
    const test = typeof options.test === 'string' ? options.test : undefined;
    const ws = workstation();
    if (typeof options.eml === 'string') {
      if (options.eml === '') throw new UsageError('--eml needs a file');
      const draft = await ws.mailDraft(id, { to: test, attachPdf: options['attach-pdf'] === true });
      try {
        await writeFile(options.eml, draft.bytes, { flag: 'wx' });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST')
          throw new PressdeskError('EXPORT_TARGET_EXISTS', `${options.eml} exists already.`, { out: options.eml });
        if (code === 'ENOSPC') throw new PressdeskError('DISK_FULL', 'The disk is full; no file was written.');
        throw new PressdeskError('EXPORT_TARGET_NOT_WRITABLE', `${options.eml} cannot be written (${code ?? 'EIO'}).`, {
          out: options.eml,
          reason: code ?? 'EIO',
        });
      }
      io.out(
        json ? JSON.stringify({ eml: options.eml, bytes: draft.bytes.length }) : `Draft written to ${options.eml}.`,
      );
      return 0;
    }
    if (lists.length === 0 && test === undefined) throw new UsageError('send needs --list NAME (or --test ADDRESS)');
    const progress = sendProgress(io, json);
    // Ctrl+C stops between two messages; whoever was not sent waits for the next `send`.
    const cancel = new AbortController();
    const handBack = io.catchInterrupt?.(() => cancel.abort());
    let summary;
    try {
      summary = await ws.sendMail(
        { releaseId: id, lists, test, again: options.again === true, attachPdf: options['attach-pdf'] === true },
        {
          signal: cancel.signal,
          onProgress: ({ done, total, refused }) =>
            progress.show(`Sending: ${done} of ${total}${refused > 0 ? `, ${refused} refused` : ''}`),
        },
      );
    } finally {
      progress.finish();
      handBack?.();
    }
    const { mailing, recipients, accepted, refused, suppressed, uncertain } = summary;
    if (json) {
      io.out(JSON.stringify({ mailing, recipients, accepted, refused, suppressed, uncertain }));
    } else {
      io.out(
        `${test ? 'Test mail' : 'Mailing'} ${mailing}: ${accepted} of ${recipients} accepted, ${refused.length} refused, ${suppressed} suppressed.`,
      );
      for (const r of refused) io.out(`  refused  ${r.email}: ${r.reason}`);
      for (const email of uncertain)
        io.out(`  uncertain  ${email}: perhaps sent before the sender stopped; not sent again`);
    }
    return refused.length > 0 || uncertain.length > 0 ? 1 : 0;
  },
};
