import { PressdeskError } from '../../../shared/errors';
import type { Finding } from '../../../shared/preflight';
import type { Workstation } from '../../services/workstation';
import { UsageError, type Command, type CommandContext, type Io } from '../command';
import { progressLine, silentProgress, type ProgressLine } from '../progress';

function printFindings(findings: readonly Finding[], err: (line: string) => void): void {
  for (const f of findings) err(`  ${f.severity === 'error' ? 'error  ' : 'warning'} ${f.code}: ${f.message}`);
}

/**
 * The renditions' progress on stderr: in a terminal unless --json is given,
 * and always with --progress (for logs and tests).
 */
function exportProgress(io: Io, json: boolean, forced: boolean): ProgressLine {
  const write = io.errWrite;
  if (!write || !(forced || (io.errIsTTY === true && !json))) return silentProgress;
  return progressLine(write);
}

/**
 * `--docx` and `--wire`: one file, written atomically (temp file, then
 * rename); `--json` prints `{out, embargoed, findings, bytes}`.
 */
async function exportOneFile(
  ws: Workstation,
  id: string,
  out: string,
  kind: 'docx' | 'wire',
  { options, json, io }: Pick<CommandContext, 'options' | 'json' | 'io'>,
): Promise<number> {
  const cancel = new AbortController();
  const handBack = io.catchInterrupt?.(() => cancel.abort());
  const fileOptions = {
    out,
    embargoed: options.embargoed === true,
    office: typeof options.office === 'string' ? options.office : undefined,
    signal: cancel.signal,
  };
  try {
    const result =
      kind === 'docx' ? await ws.exportReleaseDocx(id, fileOptions) : await ws.exportReleaseWireText(id, fileOptions);
    if (json)
      io.out(
        JSON.stringify({
          out: result.out,
          embargoed: result.embargoed,
          findings: result.findings,
          bytes: result.bytes,
        }),
      );
    else {
      printFindings(result.findings, io.err);
      const what = kind === 'docx' ? 'Word file' : 'wire text';
      io.out(
        `Exported ${result.embargoed ? `an EMBARGOED ${what}` : `the ${what}`} to ${result.out} (${result.bytes} bytes).`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof PressdeskError && error.code === 'EXPORT_BLOCKED') {
      const findings = (error.details as { findings: Finding[] }).findings;
      if (json) io.out(JSON.stringify({ out: null, findings }));
      printFindings(findings, io.err);
    }
    throw error;
  } finally {
    handBack?.();
  }
}

export const exportCommand: Command = {
  name: 'export',
  synopsis: 'export ID --out PATH [--zip | --pdf | --docx | --wire] | export ID --review-copy (--pdf | --docx) OUT',
  summary:
    "Export a release as a publishable bundle (folder, or zip with --zip), a PDF on the office's letterhead (--pdf), a Word file (--docx) or its wire text (--wire); preflight runs first. With --review-copy: the review copy for approval (draft notice, version, line numbers, quotes with their state), not blocked by preflight",
  options: {
    out: { type: 'string', description: 'the bundle folder (or .zip file) to create; must not exist' },
    zip: { type: 'boolean', description: 'write a .zip instead of a folder' },
    pdf: { type: 'boolean', description: "write the release as a PDF on the office's letterhead" },
    docx: { type: 'boolean', description: 'write the release as a Word file (.docx) instead of a bundle' },
    wire: {
      type: 'boolean',
      description: 'write the release as wire text (presseportal/ots layout, CRLF line endings) instead of a bundle',
    },
    'review-copy': {
      type: 'boolean',
      description:
        'write the review copy („Freigabeexemplar“) with --pdf or --docx: marked as a draft, with version, date, line numbers and the quotes for approval; the file is --out or the argument after ID',
    },
    embargoed: { type: 'boolean', description: 'export an embargoed bundle while the embargo runs' },
    office: { type: 'string', description: 'press office name (overrides the settings)' },
    'base-url': { type: 'string', description: 'public URL of the release page (overrides the settings)' },
    related: { type: 'string', multiple: true, description: 'another release to show as a teaser card (repeatable)' },
    progress: {
      type: 'boolean',
      description: 'show the progress line on stderr even when it is not a terminal (stdout is unchanged)',
    },
  },
  async run({ args, options, json, io, workstation }) {
    if (options['review-copy'] === true) return exportReviewCopy({ args, options, json, io, workstation });
    const [id] = args;
    if (!id || args.length > 1) throw new UsageError('export needs exactly one ID');
    if (typeof options.out !== 'string' || options.out === '') throw new UsageError('export needs --out PATH');
    const formats = [options.zip, options.pdf, options.docx, options.wire].filter((o) => o === true).length;
    if (formats > 1) throw new UsageError('export takes one of --zip, --pdf, --docx and --wire');
    if (options.pdf === true) return exportPdf(id, options.out, { options, json, io, workstation });
    const ws = workstation();
    if (options.docx === true || options.wire === true) {
      const single = [options.docx === true, options.wire === true, options.zip === true].filter(Boolean).length;
      if (single > 1) throw new UsageError('export takes one of --zip, --docx and --wire');
      return exportOneFile(ws, id, options.out, options.docx === true ? 'docx' : 'wire', { options, json, io });
    }
    const progress = exportProgress(io, json, options.progress === true);
    // Ctrl+C stops the export between two steps; the engine then removes what it had written.
    const cancel = new AbortController();
    const handBack = io.catchInterrupt?.(() => cancel.abort());
    try {
      let result;
      try {
        result = await ws.exportRelease(id, {
          out: options.out,
          zip: options.zip === true,
          embargoed: options.embargoed === true,
          // Without --related the release's own related releases are shown.
          relatedIds: Array.isArray(options.related) && options.related.length > 0 ? options.related : undefined,
          // The stored export settings count, but for what these options override.
          office: typeof options.office === 'string' ? options.office : undefined,
          baseUrl: typeof options['base-url'] === 'string' ? options['base-url'] : undefined,
          signal: cancel.signal,
          onProgress: ({ done, total }) => {
            if (total > 0) progress.show(`Image renditions: ${done} of ${total}`);
          },
        });
      } finally {
        progress.finish();
        handBack?.();
      }
      if (json)
        io.out(
          JSON.stringify({
            out: result.out,
            embargoed: result.embargoed,
            findings: result.findings,
            files: result.files,
          }),
        );
      else {
        printFindings(result.findings, io.err);
        io.out(
          `Exported ${result.embargoed ? 'an EMBARGOED bundle' : 'the bundle'} to ${result.out} (${result.files.length} files).`,
        );
      }
      return 0;
    } catch (error) {
      if (error instanceof PressdeskError && error.code === 'EXPORT_BLOCKED') {
        const findings = (error.details as { findings: Finding[] }).findings;
        if (json) io.out(JSON.stringify({ out: null, findings }));
        printFindings(findings, io.err);
      }
      throw error;
    }
  },
};

type RunContext = Parameters<Command['run']>[0];

/** `export ID --pdf --out FILE.pdf`: the PDF written atomically; preflight errors block it as they block the bundle. */
async function exportPdf(
  id: string,
  out: string,
  { options, json, io, workstation }: Pick<RunContext, 'options' | 'json' | 'io' | 'workstation'>,
): Promise<number> {
  if (options.zip === true) throw new UsageError('--pdf and --zip exclude each other');
  const ws = workstation();
  const progress = exportProgress(io, json, options.progress === true);
  const cancel = new AbortController();
  const handBack = io.catchInterrupt?.(() => cancel.abort());
  try {
    let result;
    try {
      result = await ws.exportReleasePdf(id, {
        out,
        office: typeof options.office === 'string' ? options.office : undefined,
        signal: cancel.signal,
        onProgress: ({ done, total }) => {
          if (total > 0) progress.show(`Images: ${done} of ${total}`);
        },
      });
    } finally {
      progress.finish();
      handBack?.();
    }
    if (json) {
      io.out(
        JSON.stringify({
          out: result.out,
          embargoed: result.embargoed,
          findings: result.findings,
          pages: result.pages,
          bytes: result.bytes,
        }),
      );
    } else {
      printFindings(result.findings, io.err);
      io.out(
        `Exported ${result.embargoed ? 'an EMBARGOED PDF' : 'the PDF'} to ${result.out} (${result.pages} ${result.pages === 1 ? 'page' : 'pages'}).`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof PressdeskError && error.code === 'EXPORT_BLOCKED') {
      const findings = (error.details as { findings: Finding[] }).findings;
      if (json) io.out(JSON.stringify({ out: null, findings }));
      printFindings(findings, io.err);
    }
    throw error;
  }
}

/**
 * `export ID --review-copy --pdf OUT.pdf` (or `--docx OUT.docx`; `--out OUT`
 * as well): the review copy written atomically; preflight findings do not
 * block it. `--json` prints `{out, format, version, quotes, bytes, pages?}`.
 */
async function exportReviewCopy({
  args,
  options,
  json,
  io,
  workstation,
}: Pick<RunContext, 'args' | 'options' | 'json' | 'io' | 'workstation'>): Promise<number> {
  const [id, positionalOut] = args;
  if (!id || args.length > 2) throw new UsageError('export --review-copy needs an ID and the file to write');
  const outOption = typeof options.out === 'string' && options.out !== '' ? options.out : undefined;
  if (outOption && positionalOut) throw new UsageError('give the file either after the ID or with --out, not both');
  const out = outOption ?? positionalOut;
  if (!out) throw new UsageError('export --review-copy needs the file to write (OUT.pdf or OUT.docx)');
  if (options.zip === true || options.wire === true)
    throw new UsageError('--review-copy takes --pdf or --docx, not --zip or --wire');
  if ((options.pdf === true) === (options.docx === true))
    throw new UsageError('--review-copy takes exactly one of --pdf and --docx');
  // The copy shows the release as it stands, for approval: the bundle's choices do not apply to it.
  const foreign = ['embargoed', 'related', 'base-url'].filter((o) => options[o] !== undefined && options[o] !== false);
  if (foreign.length > 0)
    throw new UsageError(`--review-copy does not take ${foreign.map((o) => `--${o}`).join(', ')}`);
  const format = options.pdf === true ? 'pdf' : 'docx';
  const ws = workstation();
  const progress = exportProgress(io, json, options.progress === true);
  const cancel = new AbortController();
  const handBack = io.catchInterrupt?.(() => cancel.abort());
  let result;
  try {
    result = await ws.exportReviewCopy(id, {
      out,
      format,
      office: typeof options.office === 'string' ? options.office : undefined,
      signal: cancel.signal,
      onProgress: ({ done, total }) => {
        if (total > 0) progress.show(`Images: ${done} of ${total}`);
      },
    });
  } finally {
    progress.finish();
    handBack?.();
  }
  if (json) {
    io.out(
      JSON.stringify({
        out: result.out,
        format: result.format,
        version: result.version,
        quotes: result.quotes,
        bytes: result.bytes,
        ...(result.pages !== undefined ? { pages: result.pages } : {}),
      }),
    );
  } else {
    const what = format === 'pdf' ? 'PDF' : 'Word file';
    const pages = result.pages !== undefined ? `, ${result.pages} ${result.pages === 1 ? 'page' : 'pages'}` : '';
    io.out(
      `Exported the review copy (${what}, version ${result.version}, ${result.quotes} ${result.quotes === 1 ? 'quote' : 'quotes'}${pages}) to ${result.out}.`,
    );
  }
  return 0;
}
