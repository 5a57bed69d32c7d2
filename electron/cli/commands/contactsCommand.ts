import { toErrorPayload } from '../../../shared/errors';
import { UsageError, type Command } from '../command';
import { pad } from '../format';
import { progressLine, silentProgress } from '../progress';

/** The one `--list NAME` a contacts command takes (another command may let it repeat). */
function listOption(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const names = Array.isArray(value) ? value : [value];
  if (names.length !== 1 || typeof names[0] !== 'string' || names[0].trim() === '') {
    throw new UsageError('--list takes one list name here');
  }
  return names[0];
}

const german = new Intl.NumberFormat('de-DE');

export const contactsCommand: Command = {
  name: 'contacts',
  synopsis: 'contacts import FILE... | contacts list | contacts export --out FILE.csv | contacts optout EMAIL...',
  summary: 'The press list: import CSV (Outlook, Excel) and vCard files, list, export for Excel, opt addresses out',
  options: {
    list: { type: 'string', multiple: true, description: 'the list to import onto, list or export (made on import)' },
    out: { type: 'string', description: 'the file to create; must not exist' },
  },
  async run({ args, options, json, io, workstation, call }) {
    const [sub, ...rest] = args;
    const list = listOption(options.list);
    if (sub === 'import') {
      if (rest.length === 0) throw new UsageError('contacts import needs at least one FILE');
      const ws = workstation();
      // The rows checked on stderr in a terminal (never with --json: stdout and stderr stay as scripts read them).
      const progress = io.errWrite && io.errIsTTY === true && !json ? progressLine(io.errWrite) : silentProgress;
      // Ctrl+C stops the import: the files written before stay, the file in progress and later ones are left out whole.
      const cancel = new AbortController();
      const handBack = io.catchInterrupt?.(() => cancel.abort());
      let summary;
      try {
        summary = await ws.importContactFiles(rest, {
          list,
          signal: cancel.signal,
          onProgress: ({ done, total }) => {
            if (total > 0) progress.show(`Contacts: ${german.format(done)} of ${german.format(total)} rows checked`);
          },
        });
      } finally {
        progress.finish();
        handBack?.();
      }
      if (json) io.out(JSON.stringify(summary));
      else {
        io.out(
          `Imported ${german.format(summary.imported)}, updated ${german.format(summary.updated)}, ` +
            `unchanged ${german.format(summary.skipped)}, refused ${german.format(summary.errors.length)}` +
            `${list ? ` (list „${list}“)` : ''}.`,
        );
        for (const e of summary.errors)
          io.err(`  ${e.file}${e.line > 0 ? `:${e.line}` : ''}: ${e.message} [${e.code}]`);
      }
      return summary.errors.length > 0 ? 1 : 0;
    }
    if (sub === 'list') {
      if (rest.length > 0) throw new UsageError('contacts list takes no arguments');
      let listId: string | undefined;
      if (list !== undefined) {
        const found = (await call('lists.list', {})).items.find(
          (l) => l.name.localeCompare(list.trim(), 'de', { sensitivity: 'accent' }) === 0,
        );
        if (!found) {
          io.err(`There is no list „${list}“. [LIST_NOT_FOUND]`);
          return 1;
        }
        listId = found.id;
      }
      const { items } = await call('contacts.list', { listId });
      const rows = items.map((c) => ({
        id: c.id,
        name: c.name,
        outlet: c.outlet,
        email: c.email,
        lists: c.lists,
        optOut: c.optOut,
      }));
      if (json) io.out(JSON.stringify(rows));
      else {
        for (const r of rows) {
          const mark = r.optOut ? 'opted out' : '';
          io.out(
            `${pad(r.name || '–', 28)}  ${pad(r.outlet, 24)}  ${pad(r.email, 36)}  ${pad(mark, 9)}  ${r.lists.join(', ')}`,
          );
        }
        io.out(rows.length === 0 ? 'No contacts.' : `${german.format(rows.length)} contacts.`);
      }
      return 0;
    }
    if (sub === 'export') {
      if (rest.length > 0) throw new UsageError('contacts export takes no arguments');
      const out = options.out;
      if (typeof out !== 'string' || out === '') throw new UsageError('contacts export needs --out FILE.csv');
      const result = await workstation().exportContacts(out, { list });
      if (json) io.out(JSON.stringify(result));
      else io.out(`Wrote ${german.format(result.count)} contacts to ${result.file}.`);
      return 0;
    }
    if (sub === 'optout') {
      if (rest.length === 0) throw new UsageError('contacts optout needs at least one EMAIL');
      const results: Record<string, unknown>[] = [];
      let refused = 0;
      for (const email of rest) {
        try {
          const done = await call('contacts.optOut', { email });
          results.push({ email: done.email, optOut: true, contact: done.contact?.id ?? null });
          if (!json) {
            io.out(
              `${done.email}: opted out for good${done.contact ? ` (${done.contact.name || done.contact.email})` : ' (no contact; the address stays suppressed)'}.`,
            );
          }
        } catch (error) {
          const p = toErrorPayload(error);
          refused += 1;
          results.push({ email, code: p.code, message: p.message });
          if (!json) io.err(`${email}: ${p.message} [${p.code}]`);
        }
      }
      if (json) io.out(JSON.stringify(results));
      return refused > 0 ? 1 : 0;
    }
    throw new UsageError(
      'use "contacts import FILE...", "contacts list", "contacts export --out FILE" or "contacts optout EMAIL..."',
    );
  },
};

export const listsCommand: Command = {
  name: 'lists',
  synopsis: 'lists',
  summary: 'The lists of the press list with their number of contacts',
  async run({ args, json, io, call }) {
    if (args.length > 0) throw new UsageError('lists takes no arguments');
    const { items } = await call('lists.list', {});
    const rows = items.map((l) => ({ name: l.name, contacts: l.contacts }));
    if (json) io.out(JSON.stringify(rows));
    else {
      for (const r of rows) io.out(`${pad(r.name, 40)}  ${german.format(r.contacts).padStart(7)}`);
      if (rows.length === 0) io.out('No lists.');
    }
    return 0;
  },
};
