import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { APPROVAL_VIAS, EVIDENCE_MAX_BYTES, RELEASE_STATUSES, type ApprovalVia } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { statusFromWord } from '../../../shared/search/query';
import { UsageError, type Command, type CommandContext } from '../command';

function text(options: CommandContext['options'], key: string): string | undefined {
  const value = options[key];
  return typeof value === 'string' ? value : undefined;
}

function via(options: CommandContext['options']): ApprovalVia {
  const value = text(options, 'via');
  if (value === undefined) throw new UsageError(`--via is needed: ${APPROVAL_VIAS.join('|')}`);
  if (!(APPROVAL_VIAS as readonly string[]).includes(value)) {
    throw new UsageError(`--via must be one of ${APPROVAL_VIAS.join('|')}`);
  }
  return value as ApprovalVia;
}

/** Reads an evidence file; its type is checked by the engine from its content. */
function evidenceFile(path: string): { name: string; base64: string } {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new PressdeskError('FILE_UNREADABLE', `Cannot read ${path}.`, { file: basename(path) });
  }
  if (size > EVIDENCE_MAX_BYTES) {
    throw new PressdeskError('EVIDENCE_INVALID', 'The evidence file is larger than 10 MB.', { size });
  }
  try {
    return { name: basename(path), base64: readFileSync(path).toString('base64') };
  } catch {
    throw new PressdeskError('FILE_UNREADABLE', `Cannot read ${path}.`, { file: basename(path) });
  }
}

export const statusCommand: Command = {
  name: 'status',
  synopsis: `status ID STATUS [--note TEXT]`,
  summary: `Change a release's status (${RELEASE_STATUSES.join('|')}, or in German: entwurf, prüfung, freigegeben, veröffentlicht, zurückgezogen)`,
  options: {
    // eslint-disable-next-line id-denylist -- `--note` is the option's public name
    note: { type: 'string', description: 'a note for the log' },
  },
  async run({ args, options, json, io, call }) {
    const [id, word] = args;
    if (!id || !word || args.length > 2) throw new UsageError('status needs an ID and a STATUS');
    const status = statusFromWord(word);
    if (!status) throw new UsageError(`unknown status "${word}" (known: ${RELEASE_STATUSES.join(', ')})`);
    const release = await call('approval.setStatus', { id, status, remark: text(options, 'note') });
    io.out(
      json
        ? JSON.stringify({ id: release.id, status: release.status, version: release.version })
        : `${release.id}\t${release.status}`,
    );
    return 0;
  },
};

export const approveCommand: Command = {
  name: 'approve',
  synopsis: `approve ID --by NAME [--function TEXT] --via ${APPROVAL_VIAS.join('|')} [--evidence FILE] [--note TEXT]`,
  summary: 'Record the approval of a release: who approved it, how, with the e-mail (.eml, .msg) or PDF as evidence',
  options: {
    by: { type: 'string', description: 'who approved it (with --via app: the profile)' },
    function: { type: 'string', description: 'their function („Amtschef“)' },
    via: { type: 'string', description: `how it came: ${APPROVAL_VIAS.join(', ')}` },
    evidence: { type: 'string', description: 'the approver’s e-mail (.eml, .msg) or a PDF, kept with the release' },
    // eslint-disable-next-line id-denylist -- `--note` is the option's public name
    note: { type: 'string', description: 'a note' },
    at: { type: 'string', description: 'when it was given (ISO 8601; now when missing)' },
  },
  async run({ args, options, json, io, call }) {
    const [id] = args;
    if (!id || args.length > 1) throw new UsageError('approve needs exactly one ID');
    const how = via(options);
    const by = text(options, 'by');
    if (how !== 'app' && !by) throw new UsageError('approve needs --by NAME');
    const evidence = text(options, 'evidence');
    const state = await call('approval.approve', {
      id,
      by,
      function: text(options, 'function'),
      via: how,
      approvedAt: text(options, 'at'),
      remark: text(options, 'note'),
      evidence: evidence ? evidenceFile(evidence) : undefined,
    });
    const a = state.approval!;
    if (json) io.out(JSON.stringify({ id, status: state.status, approval: a }));
    else
      io.out(
        `${id}\t${state.status}\t${a.approvedBy}${a.function ? ` (${a.function})` : ''}\t${a.via}\t${a.approvedAt}`,
      );
    return 0;
  },
};

export const quotesCommand: Command = {
  name: 'quotes',
  synopsis: `quotes ID | quotes approve ID QUOTE_ID --by NAME --via ${APPROVAL_VIAS.join('|')} | quotes reject ID QUOTE_ID --by NAME --via … | quotes request ID QUOTE_ID [--from NAME]`,
  summary: 'The quotes of a release with their speakers and approval states; record a quote’s approval or rejection',
  options: {
    by: { type: 'string', description: 'who approved or rejected the quote' },
    function: { type: 'string', description: 'their function' },
    via: { type: 'string', description: `how it came: ${APPROVAL_VIAS.join(', ')}` },
    from: { type: 'string', description: 'whom the quote was sent to (request)' },
    // eslint-disable-next-line id-denylist -- `--note` is the option's public name
    note: { type: 'string', description: 'a note' },
    at: { type: 'string', description: 'when (ISO 8601; now when missing)' },
  },
  async run({ args, options, json, io, call }) {
    const [first, ...rest] = args;
    if (first === 'approve' || first === 'reject') {
      const [id, quoteId] = rest;
      if (!id || !quoteId || rest.length > 2) throw new UsageError(`quotes ${first} needs an ID and a QUOTE_ID`);
      const by = text(options, 'by');
      if (!by) throw new UsageError(`quotes ${first} needs --by NAME`);
      const quote = await call('quotes.decide', {
        id,
        quoteId,
        decision: first === 'approve' ? 'approved' : 'rejected',
        by,
        function: text(options, 'function'),
        via: via(options),
        at: text(options, 'at'),
        remark: text(options, 'note'),
      });
      io.out(json ? JSON.stringify(quote) : `${quote.id}\t${quote.state}\t${quote.speaker}`);
      return 0;
    }
    if (first === 'request') {
      const [id, quoteId] = rest;
      if (!id || !quoteId || rest.length > 2) throw new UsageError('quotes request needs an ID and a QUOTE_ID');
      const quote = await call('quotes.request', {
        id,
        quoteId,
        from: text(options, 'from'),
        at: text(options, 'at'),
        remark: text(options, 'note'),
      });
      io.out(json ? JSON.stringify(quote) : `${quote.id}\t${quote.state}\t${quote.speaker}`);
      return 0;
    }
    if (!first || rest.length > 0) throw new UsageError('quotes needs an ID (or approve|reject|request ID QUOTE_ID)');
    const { items } = await call('quotes.list', { id: first });
    if (json) {
      io.out(
        JSON.stringify(
          items.map((q) => ({
            id: q.id,
            speaker: q.speaker,
            function: q.function,
            text: q.text,
            state: q.state,
            approvedBy: q.approvedBy,
            approvedAt: q.approvedAt,
            via: q.via,
          })),
        ),
      );
      return 0;
    }
    for (const q of items) {
      io.out(
        [q.id, q.state, q.speaker + (q.function ? ` (${q.function})` : ''), q.text.replace(/\n/g, ' ')].join('\t'),
      );
    }
    return 0;
  },
};
