import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Handlers } from '../../../shared/contract';
import { composeHandlers } from '../compose/handlers';
import type { ContactImportSummary } from '../../../shared/contract/contacts';
import { ContactRepository } from '../contacts/contactRepository';
import { exportContactsTo, importContactPaths } from '../contacts/contactPaths';
import { ContactImportJobs } from '../contacts/contactImportJobs';
import { contactHandlers } from '../contacts/handlers';
import { SnippetRepository } from '../compose/snippetRepository';
import { TemplateRepository } from '../compose/templateRepository';
import { mapSqliteError, openDatabase } from '../db/connection';
import { SCHEMA_VERSION } from '../db/migrations';
import { archiveHandlers } from '../archive/handlers';
import { importSources, sourcesFromPaths, type BulkImportOptions } from '../archive/importer';
import { ImportJobs } from '../archive/importJobs';
import { RecordThread } from '../archive/recordThread';
import { MatchCounter } from '../archive/matchCounter';
import { SearchService } from '../archive/searchService';
import { AssetStore } from '../assets/assetStore';
import { backupDatabase, restoreDatabase, rotateBackup, type DroppedReport } from '../backup/backupService';
import { detectBackupKind } from '../backup/fullBackupFormat';
import { restoreFullBackup, type FullBackupRestoreResult } from '../backup/fullBackupRestore';
import { exportFullBackup, type FullBackupResult } from '../backup/fullBackupWriter';
import {
  fullBackupFiles,
  backupHandlers,
  backupKeep,
  type FullBackupFiles,
  type FullBackupHostHooks,
} from '../backup/handlers';
import { assetHandlers } from '../assets/handlers';
import { exportRelease, type ExportResult } from '../export/bundle';
import { ExportJobs, type ExportHostHooks } from '../export/exportJobs';
import { exportHandlers } from '../export/handlers';
import { exportReleaseDocx, exportReleaseWireText, type WrittenFile } from '../docx/docxExport';
import { wordHandlers } from '../docx/handlers';
import { releasePdf, writeReleasePdf, type WrittenPdf } from '../pdf';
import { pdfHandlers } from '../pdf/handlers';
import {
  logReviewCopy,
  reviewCopyHandlers,
  writeReviewCopy,
  type ReviewCopyFormat,
  type WrittenReviewCopy,
} from '../export/reviewCopy';
import type { ImportSummary } from '../releases/interchange';
import { actorOf, type Asset, type Release } from '../../../shared/domain';
import { releaseHandlers } from '../releases/handlers';
import { logHandlers } from '../log/handlers';
import { approvalHandlers } from '../approval/handlers';
import { teamHandlers } from '../team/handlers';
import { TEAM_PASSWORD_ENV, TeamService } from '../team/teamService';
import { ApprovalService } from '../approval/approvalService';
import { CommentRepository } from '../comments/commentRepository';
import { commentHandlers } from '../comments/handlers';
import { mailHandlers, type PasswordKeeper } from '../mail/handlers';
import { MailJobs } from '../mail/mailJobs';
import { MailService, type PasswordSource, type PrepareInput, type SendOptions } from '../mail/mailService';
import type { MailingSummary } from '../mail/mailStore';
import type { MailAttachment } from '../mail/message';
import { SMTP_PASSWORD_ENV } from '../../../shared/domain';
import { settingsHandlers } from '../settings/handlers';
import { SettingsStore } from '../settings/settingsStore';
import { ReleaseRepository } from '../releases/releaseRepository';
import { PRESSDESK_VERSION } from '../version';
import { EventHub, type EventListener } from '../engine/eventHub';
import { JobRegistry } from '../engine/jobs';
import { registerEngineInternals } from '../testing/internals';
import { ensureWritableDir } from './dataDir';

export { defaultDataDir, resolveDataDir } from './dataDir';
/** How a built host starts the import's record thread (for `WorkstationOptions.recordThread`). */
export { recordThreadNextTo } from '../archive/recordWorkerFile';
export type {
  Asset,
  ExportResult,
  FullBackupResult,
  FullBackupRestoreResult,
  ImportSummary,
  MailingSummary,
  WrittenFile,
  WrittenPdf,
  WrittenReviewCopy,
};

export const DATABASE_FILE = 'pressdesk.db';

/** Web mode's address of an image original, for a host that names none (the engine never knows its host's routes). */
const DEFAULT_ASSET_URL_PREFIX = '/asset/original/';

export interface WorkstationOptions {
  readonly dataDir: string;
  readonly host: 'electron' | 'web' | 'cli';
  /** better-sqlite3 binary built for the running runtime, if not the default one. */
  readonly nativeBinding?: string;
  readonly now?: () => Date;
  /** Check the database's integrity when opening it (slower on large archives). */
  readonly check?: boolean;
  /**
   * Count a search's matches on a thread of its own while the page is ranked
   * (the app and web mode: a long-running engine on a machine with cores to
   * spare). Default: every host but the CLI, whose one search would first
   * have to start the thread.
   */
  readonly parallelSearch?: boolean;
  /**
   * Starts the import's record thread (`archive/recordWorker.ts`; the hosts'
   * `recordWorker.cjs`, see `archive/recordWorkerFile.ts`), which reads and
   * checks the records of NDJSON files while the engine writes. Without it
   * the import does both on the engine's thread.
   */
  readonly recordThread?: () => Worker;
  /** What the host does beyond the engine when the window reports its languages (the Electron app's menus and spell checker). */
  readonly hostHooks?: HostHooks;
  /** What only a desktop host can do for exports (a save dialog, the file manager). */
  readonly exportHooks?: ExportHostHooks;
  /**
   * Where the host serves a stored image's original: the asset's id is appended
   * (the export preview's pictures). A string, not a function, because it
   * crosses to the engine's worker threads as data. Default: web mode's
   * `/asset/original/`.
   */
  readonly assetUrlPrefix?: string;
  /**
   * Where a full backup waits to be downloaded, for a host without a save
   * dialog (web mode names its folder; the app asks through its hooks).
   */
  readonly fullBackupDownloadDir?: string;
  /**
   * Where the SMTP password comes from. Default: the app's keychain through
   * the host hooks, else the environment variable PRESSDESK_SMTP_PASSWORD
   * (web mode; the CLI passes its own environment's).
   */
  readonly smtpPassword?: PasswordSource;
  /**
   * Where the team server's password comes from when a call brings none.
   * Default: the environment variable PRESSDESK_TEAM_PASSWORD (web mode; the
   * CLI passes its own environment's).
   */
  readonly teamPassword?: PasswordSource;
  /** Files every press mail carries besides the release's own PDF (when asked for); none without it. */
  readonly mailAttachments?: (releaseId: string) => Promise<readonly MailAttachment[]>;
  /**
   * When the mailings left in the outbox go on by themselves after the
   * engine opened (ms; 3 s unless said otherwise). The app and web mode
   * resume them; the CLI never does (`pressdesk send` resumes one on purpose).
   */
  readonly resumeOutboxAfterMs?: number;
}

/** Host behaviour behind the window channels; web mode and the CLI have none and only acknowledge. */
export interface HostHooks extends FullBackupHostHooks {
  /** The interface language changed: rebuild what the host shows in it. */
  readonly onUiLanguage?: (language: 'de' | 'en') => void | Promise<void>;
  /** A release in `language` is being edited: returns the spell-checker languages now in use. */
  readonly onSpellcheckLanguage?: (language: string) => readonly string[] | Promise<readonly string[]>;
  /** The SMTP password from the system's keychain (the app), or null if none is kept. */
  readonly smtpPassword?: () => Promise<string | null>;
  /** Keeps the SMTP password in the system's keychain; an empty one removes it. */
  readonly storeSmtpPassword?: (password: string) => Promise<void>;
  /** Whether the keychain keeps an SMTP password. */
  readonly hasSmtpPassword?: () => Promise<boolean>;
  /** The team server's password from the system's keychain (the app), or null if none is kept. */
  readonly teamPassword?: () => Promise<string | null>;
  /** Keeps the team server's password in the system's keychain; an empty one removes it. */
  readonly storeTeamPassword?: (password: string) => Promise<void>;
}

/** How `importFiles` runs: limits, cancel and progress (its images go to the workstation's own store). */
export type ImportFilesOptions = Omit<BulkImportOptions, 'assets'>;

/** What `exportRelease` takes: where to write, and what differs from the stored export settings. */
export interface ExportReleaseOptions {
  /** The bundle folder, or the .zip file with `zip`; must not exist yet. */
  readonly out: string;
  readonly zip?: boolean;
  /** Export an embargoed bundle while the embargo runs. */
  readonly embargoed?: boolean;
  /** Other releases to show as teaser cards; without them, the release's own. */
  readonly relatedIds?: readonly string[];
  /** The press office's name, in place of the stored one (its address and logo stay). */
  readonly office?: string;
  /** The release page's public URL, in place of the stored one. */
  readonly baseUrl?: string;
  /** Stops the export between two steps; what it had written is removed (CANCELLED). */
  readonly signal?: AbortSignal;
  /** The image renditions made so far, of how many. */
  readonly onProgress?: (progress: { done: number; total: number }) => void;
}

/** What `exportReleaseDocx` and `exportReleaseWireText` take: one file, and what differs from the stored settings. */
export interface ExportFileOptions {
  /** The file to write; must not exist yet. */
  readonly out: string;
  /** Export the embargoed form while the embargo runs. */
  readonly embargoed?: boolean;
  /** The press office's name, in place of the stored one (its address stays). */
  readonly office?: string;
  /** Stops the export before the file is written (CANCELLED). */
  readonly signal?: AbortSignal;
}

/** What `exportReleasePdf` takes: the PDF file to create, and what differs from the stored office. */
export interface ExportPdfOptions {
  /** The PDF file; must not exist yet. */
  readonly out: string;
  /** The press office's name, in place of the stored one (its address and logo stay). */
  readonly office?: string;
  /** Stops the export; nothing is left behind (CANCELLED). */
  readonly signal?: AbortSignal;
  /** The images prepared so far, of how many. */
  readonly onProgress?: (progress: { done: number; total: number }) => void;
}
/** What `exportReviewCopy` takes: the file to create, its format, and what differs from the stored office. */
export interface ExportReviewCopyOptions {
  /** The file; must not exist yet. */
  readonly out: string;
  readonly format: ReviewCopyFormat;
  /** The press office's name, in place of the stored one (its address and logo stay). */
  readonly office?: string;
  /** Stops the export; nothing is left behind (CANCELLED). */
  readonly signal?: AbortSignal;
  /** The images prepared so far, of how many (the PDF). */
  readonly onProgress?: (progress: { done: number; total: number }) => void;
}
/** What `sendMail` takes: the release, the lists, a test address, whether to send again, whether to attach the PDF. */
export type SendMailInput = Omit<PrepareInput, 'attachments'> & { readonly attachPdf?: boolean };

/** What `restoreDataDir` did, by the kind of file it found. */
export type DataDirRestoreResult =
  | ({ readonly kind: 'archive' } & FullBackupRestoreResult)
  | ({ readonly kind: 'database'; readonly previous: string | null } & DroppedReport);

/**
 * The Engine API: what every host may do with an open data directory. Calls
 * from a window go through `handlers` (the contract); the operations on paths
 * of the user's are methods. Every failure arrives as a PressdeskError with a
 * stable code (driver and file-system errors mapped as the contract maps them).
 */
export interface Workstation {
  readonly dataDir: string;
  readonly handlers: Handlers;
  /**
   * Hears every event the engine pushes (`shared/contract/engineEvents.ts`): each
   * host forwards them to its windows. Returns the function that stops it.
   */
  onEvent(listener: EventListener): () => void;
  /** Imports files, folders and ZIPs (interchange JSON/NDJSON and HTML pages). */
  importFiles(paths: readonly string[], options?: ImportFilesOptions): Promise<ImportSummary>;
  /**
   * Imports contact files (CSV from Outlook or Excel, vCard) into the press
   * list, merging by e-mail address; with `list`, onto that list (made if
   * missing). Bad rows and unreadable files are reported, the rest imported.
   */
  importContactFiles(
    paths: readonly string[],
    options?: {
      list?: string;
      /** Stops the import (CANCELLED): files written before stay, the one in progress and later ones are left out whole. */
      signal?: AbortSignal;
      /** Rows checked of all rows of the readable files. */
      onProgress?: (progress: { done: number; total: number }) => void;
    },
  ): Promise<ContactImportSummary>;
  /** Writes the contacts (of the named list, or all) as an Excel CSV at `out`, which must not exist. */
  exportContacts(out: string, options?: { list?: string }): Promise<{ file: string; count: number }>;
  /** Stores an image file with its IPTC/XMP caption, credit and alt text (the same image twice is stored once). */
  importAssetFile(path: string): Promise<Asset>;
  /**
   * Exports a release as a publishable bundle (a folder, or a zip) after its
   * preflight, with the stored export settings and `options`' overrides.
   * Blocking findings refuse it with EXPORT_BLOCKED (details: the findings).
   */
  exportRelease(id: string, options: ExportReleaseOptions): Promise<ExportResult>;
  /**
   * Writes a release as a Word file (.docx) after its preflight, atomically;
   * blocking findings refuse it with EXPORT_BLOCKED like the bundle.
   */
  exportReleaseDocx(id: string, options: ExportFileOptions): Promise<WrittenFile>;
  /** Writes a release's wire text (presseportal/ots layout, CRLF) after its preflight, atomically. */
  exportReleaseWireText(id: string, options: ExportFileOptions): Promise<WrittenFile>;
  /**
   * Writes a release as a PDF on the office's letterhead (atomically) after
   * its preflight; a running embargo is printed on every page. Blocking
   * findings refuse it with EXPORT_BLOCKED.
   */
  exportReleasePdf(id: string, options: ExportPdfOptions): Promise<WrittenPdf>;
  /**
   * Writes the review copy („Freigabeexemplar“) of the saved release as a PDF
   * or a Word file, atomically: draft notice, version and date on every
   * page, numbered lines, the quotes with their approval state. Preflight
   * findings do not block it (it goes out for approval).
   */
  exportReviewCopy(id: string, options: ExportReviewCopyOptions): Promise<WrittenReviewCopy>;
  /**
   * Sends a release to lists (or, with `test`, to one address) as press
   * mail, through the configured SMTP server: resumes the unfinished mailing
   * of the release to the same lists, else starts a new one (refused with
   * MAIL_ALREADY_SENT for lists mailed before, unless `again`). Without the
   * server it fails with MAIL_SERVER_UNREACHABLE and the mailing waits to be
   * resumed; a cancel stops between two messages (CANCELLED).
   */
  sendMail(input: SendMailInput, options?: SendOptions): Promise<MailingSummary>;
  /** The press mail of a release as an `.eml` draft (`X-Unsent: 1`), addressed to `to` or to nobody. */
  mailDraft(
    id: string,
    options?: { to?: string; signal?: AbortSignal; attachPdf?: boolean },
  ): Promise<{ fileName: string; bytes: Buffer }>;
  /** A consistent copy of the database at `out` (safe while the app writes); `out` must not exist. */
  backupDatabase(out: string): Promise<{ file: string; bytes: number }>;
  /**
   * The full backup at `out`: one portable file with the database and every
   * image original (`pressdesk.archive/1`); `out` must not exist. A cancel
   * removes what was written (CANCELLED).
   */
  writeFullBackup(out: string, options?: { signal?: AbortSignal }): Promise<FullBackupResult>;
  /** The file of a stored image for the hosts to serve (thumbnail or original), or null. */
  assetFile(kind: 'thumb' | 'original', id: string): Promise<{ path: string; mime: string } | null>;
  /** The full backup: web mode's downloads and uploads, the app's dialogs (through the host hooks). */
  readonly archive: Pick<FullBackupFiles, 'download' | 'finishDownload' | 'importFile'>;
  /** Backs the database up now and every `intervalMs`, keeping the newest `keep` automatic backups. */
  startAutomaticBackups(options?: { intervalMs?: number; keep?: number; onError?: (error: unknown) => void }): void;
  close(): void;
}

// Setting up a team server is no call of a workstation: the administrator's command line does it.
export {
  addTeamUser,
  initServer,
  isTeamRole,
  isTeamSetting,
  setTeamSetting,
  TEAM_SETTINGS,
  userOfUrl,
} from '../team/server/server';
export { TEAM_ROLES } from '../team/server/migrations';
export { TEAM_PASSWORD_ENV };

/**
 * The composition root of the engine: opens the store in `dataDir` and returns
 * the handlers for every channel of the contract.
 */
export function openWorkstation(options: WorkstationOptions): Workstation {
  ensureWritableDir(options.dataDir);
  const file = join(options.dataDir, DATABASE_FILE);
  const db = openDatabase(file, { nativeBinding: options.nativeBinding, check: options.check });
  const settings = new SettingsStore(db, options.now);
  const actor = () => actorOf(settings.profile());
  const releases = new ReleaseRepository(db, options.now, {
    releaseNumberScheme: () => settings.officeValue('office.numbering'),
    actor,
  });
  // The approval rules: every status change and every public output passes them.
  const approval = new ApprovalService(db, releases, () => settings.approvalPolicy(), options.now);
  const comments = new CommentRepository(db, releases, actor, options.now);
  const counter =
    (options.parallelSearch ?? options.host !== 'cli') ? new MatchCounter(file, options.nativeBinding) : null;
  const search = new SearchService(db, counter);
  counter?.prepare();
  const events = new EventHub();
  // One registry of long work: closing the engine stops every job still running.
  const registry = new JobRegistry();
  const assets = new AssetStore(db, options.dataDir, options.now);
  const recordThread = options.recordThread ? new RecordThread(options.recordThread) : undefined;
  const jobs = new ImportJobs(releases, events, registry, assets, recordThread);
  const snippets = new SnippetRepository(db, options.now);
  const templates = new TemplateRepository(db, options.now);
  const contacts = new ContactRepository(db, options.now);
  const contactsChanged = (): void => events.emit('contacts.onDidChange', { lists: contacts.lists() });
  const contactImports = new ContactImportJobs(contacts, contactsChanged, events, registry, options.now);
  const exportJobs = new ExportJobs({
    jobs: registry,
    releases,
    assets,
    settings,
    now: options.now,
    hooks: options.exportHooks,
    events,
  });
  const hooks = options.hostHooks;
  const keeper: PasswordKeeper | undefined =
    hooks?.smtpPassword && hooks.storeSmtpPassword && hooks.hasSmtpPassword
      ? { stored: hooks.hasSmtpPassword, store: hooks.storeSmtpPassword }
      : undefined;
  const keychain = hooks?.smtpPassword;
  const mail = new MailService({
    db,
    releases,
    assets,
    settings,
    now: options.now,
    password:
      options.smtpPassword ??
      (keychain ? async () => (await keychain()) ?? undefined : () => process.env[SMTP_PASSWORD_ENV]),
  });
  // What a mail carries besides the release: its PDF on the letterhead when asked for, and what the host adds.
  const mailAttachments = async (releaseId: string, wanted: { pdf: boolean }): Promise<MailAttachment[]> => {
    const pdf = wanted.pdf
      ? await releasePdf({ releases, assets, settings }, releaseId, { now: options.now?.() })
      : null;
    return [
      ...(pdf ? [{ filename: pdf.fileName, contentType: 'application/pdf', content: pdf.bytes }] : []),
      ...((await options.mailAttachments?.(releaseId)) ?? []),
    ];
  };
  const mailJobs = new MailJobs({ service: mail, jobs: registry, events, attachments: mailAttachments });
  const assetUrlPrefix = options.assetUrlPrefix ?? DEFAULT_ASSET_URL_PREFIX;
  const archive = fullBackupFiles({
    db,
    dataDir: options.dataDir,
    hooks: options.hostHooks,
    downloadDir: options.fullBackupDownloadDir,
    now: options.now,
  });

  // The review copy lists the quotes with their states from the quote register.
  const reviewCopyDeps = {
    releases,
    assets,
    settings,
    now: options.now,
    quotes: (release: Release) =>
      approval
        .quotes(release.id, release)
        .map((q) => ({ id: q.id, speaker: q.speaker, function: q.function, text: q.text, state: q.state })),
  };

  const team = new TeamService({
    db,
    releases,
    approval,
    assets,
    settings,
    contacts,
    now: options.now,
    password: async () =>
      options.teamPassword
        ? await options.teamPassword()
        : hooks?.teamPassword
          ? ((await hooks.teamPassword()) ?? undefined)
          : process.env[TEAM_PASSWORD_ENV],
    remember: hooks?.storeTeamPassword,
  });

  const handlers: Handlers = guardHandlers(file, {
    'app.info': () => ({
      version: PRESSDESK_VERSION,
      schemaVersion: SCHEMA_VERSION,
      dataDir: options.dataDir,
      host: options.host,
      exportTargets: exportJobs.targets(),
    }),
    'app.setUiLanguage': async ({ language }) => {
      const hook = options.hostHooks?.onUiLanguage;
      // Answered once the host has rebuilt its menus in the new language.
      await hook?.(language);
      return { language, applied: hook !== undefined };
    },
    'app.setSpellcheckLanguage': async ({ language }) => {
      const hook = options.hostHooks?.onSpellcheckLanguage;
      return hook ? { languages: [...(await hook(language))], applied: true } : { languages: [], applied: false };
    },
    ...releaseHandlers(releases, () => {
      const office = settings.office();
      return {
        ...(office['office.contact'] ? { pressContact: office['office.contact'] } : {}),
        ...(office['office.boilerplate'] ? { boilerplate: office['office.boilerplate'] } : {}),
      };
    }),
    ...settingsHandlers(settings, assets),
    ...logHandlers(releases, settings),
    ...approvalHandlers(approval),
    ...teamHandlers(team),
    ...commentHandlers(comments),
    ...archiveHandlers(search, jobs),
    ...assetHandlers(assets),
    ...exportHandlers(
      {
        releases,
        assets,
        settings,
        now: options.now,
        assetUrl: (id) => `${assetUrlPrefix}${id}`,
      },
      exportJobs,
    ),
    ...wordHandlers({ releases, assets, settings, now: options.now }),
    ...pdfHandlers({ releases, assets, settings, now: options.now }),
    ...reviewCopyHandlers(reviewCopyDeps),
    ...composeHandlers(releases, snippets, templates),
    ...backupHandlers({ db, dataDir: options.dataDir, settings, now: options.now }),
    ...archive.handlers,
    ...contactHandlers(contacts, contactsChanged, contactImports, options.now),
    ...mailHandlers(mail, mailJobs, keeper, mailAttachments),
  });

  /** The stored export settings with the caller's overrides (the CLI's --office). */
  const fileExportOptions = (fileOptions: ExportFileOptions) => {
    const stored = settings.exportSettings();
    return {
      out: fileOptions.out,
      embargoed: fileOptions.embargoed,
      settings: { ...stored, office: { ...stored.office, name: fileOptions.office ?? stored.office.name } },
      now: options.now?.(),
      signal: fileOptions.signal,
    };
  };

  let closed = false;
  let backupTimer: NodeJS.Timeout | undefined;
  // What waited in the outbox when the engine last stopped goes on, a moment after the start.
  const outboxTimer =
    options.host === 'cli'
      ? undefined
      : setTimeout(() => {
          if (!closed) mailJobs.resumeOutbox();
        }, options.resumeOutboxAfterMs ?? 3000);
  outboxTimer?.unref();
  // The app and web mode stay in touch with the team server while joined; the CLI syncs on request.
  if (options.host !== 'cli') team.startLive({ onEvent: (event) => events.emit('team.onDidChange', event) });
  const ws: Workstation = {
    dataDir: options.dataDir,
    handlers,
    onEvent: (listener) => events.on(listener),
    archive: {
      download: (id) => archive.download(id),
      finishDownload: (id) => archive.finishDownload(id),
      importFile: (path) => guardCall(file, () => archive.importFile(path)),
    },
    importFiles: (paths, importOptions) =>
      guardCall(file, async () =>
        importSources(releases, await sourcesFromPaths(paths), { ...importOptions, assets, records: recordThread }),
      ),
    importContactFiles: (paths, contactOptions = {}) =>
      guardCall(file, async () => {
        try {
          return await importContactPaths(contacts, paths, {
            list: contactOptions.list,
            now: options.now,
            signal: contactOptions.signal,
            onProgress: contactOptions.onProgress,
          });
        } finally {
          contactsChanged();
        }
      }),
    exportContacts: (out, contactOptions = {}) =>
      guardCall(file, () => exportContactsTo(contacts, out, contactOptions)),
    importAssetFile: (path) => guardCall(file, () => assets.importFile(path)),
    exportRelease: (id, exportOptions) =>
      guardCall(file, async () => {
        // The stored settings, with what the caller overrides (the CLI's --office and --base-url).
        const stored = settings.exportSettings();
        const result = await exportRelease({ releases, assets }, id, {
          out: exportOptions.out,
          zip: exportOptions.zip,
          embargoed: exportOptions.embargoed,
          relatedIds: exportOptions.relatedIds,
          settings: {
            office: { ...stored.office, name: exportOptions.office ?? stored.office.name },
            baseUrl: exportOptions.baseUrl ?? stored.baseUrl,
          },
          now: options.now?.(),
          signal: exportOptions.signal,
          onProgress: exportOptions.onProgress,
        });
        releases.logExport(id, {
          format: 'bundle',
          target: exportOptions.zip === true ? 'zip' : 'folder',
          embargoed: result.embargoed,
        });
        return result;
      }),
    exportReleaseDocx: (id, fileOptions) =>
      guardCall(file, async () => {
        const written = await exportReleaseDocx({ releases, assets }, id, fileExportOptions(fileOptions));
        releases.logExport(id, { format: 'docx', target: 'file', embargoed: written.embargoed });
        return written;
      }),
    exportReleaseWireText: (id, fileOptions) =>
      guardCall(file, async () => {
        const written = await exportReleaseWireText({ releases, assets }, id, fileExportOptions(fileOptions));
        releases.logExport(id, { format: 'wire', target: 'file', embargoed: written.embargoed });
        return written;
      }),
    exportReleasePdf: (id, pdfOptions) =>
      guardCall(file, async () => {
        const stored = settings.exportSettings();
        const written = await writeReleasePdf({ releases, assets, settings }, id, {
          out: pdfOptions.out,
          settings: { ...stored, office: { ...stored.office, name: pdfOptions.office ?? stored.office.name } },
          now: options.now?.(),
          signal: pdfOptions.signal,
          onProgress: pdfOptions.onProgress,
        });
        releases.logExport(id, { format: 'pdf', target: 'file', embargoed: written.embargoed });
        return written;
      }),
    exportReviewCopy: (id, copyOptions) =>
      guardCall(file, async () => {
        const stored = settings.exportSettings();
        const written = await writeReviewCopy(reviewCopyDeps, id, {
          out: copyOptions.out,
          format: copyOptions.format,
          settings: { ...stored, office: { ...stored.office, name: copyOptions.office ?? stored.office.name } },
          signal: copyOptions.signal,
          onProgress: copyOptions.onProgress,
        });
        logReviewCopy({ releases, assets, settings }, id, copyOptions.format, 'file');
        return written;
      }),
    sendMail: ({ attachPdf, ...input }, sendOptions = {}) =>
      guardCall(file, async () => {
        const attachments = await mailAttachments(input.releaseId, { pdf: attachPdf === true });
        const { mailing } = await mail.prepare({ ...input, attachments }, sendOptions.signal);
        return mail.send(mailing, sendOptions);
      }),
    mailDraft: (id, draft = {}) =>
      guardCall(file, async () =>
        mail.eml(id, {
          to: draft.to,
          signal: draft.signal,
          attachments: await mailAttachments(id, { pdf: draft.attachPdf === true }),
        }),
      ),
    backupDatabase: (out) => guardCall(file, () => backupDatabase(db, out)),
    writeFullBackup: (out, backupOptions = {}) =>
      guardCall(file, () =>
        exportFullBackup(db, options.dataDir, out, options.now?.() ?? new Date(), { signal: backupOptions.signal }),
      ),
    async assetFile(kind, id) {
      if (!assets.find(id)) return null;
      return kind === 'thumb' ? assets.thumbnail(id) : assets.original(id);
    },
    startAutomaticBackups(backup = {}) {
      const run = (): void => {
        if (closed) return;
        // Read at every run, so a number changed in the settings counts from the next backup on.
        const keep = backup.keep ?? backupKeep(settings);
        rotateBackup(db, options.dataDir, keep, 'auto').catch((error: unknown) => {
          // A backup cut short because the app is closing is no failure to report: its partial file is removed.
          if (!closed) backup.onError?.(error);
        });
      };
      run();
      backupTimer = setInterval(run, backup.intervalMs ?? 4 * 60 * 60 * 1000);
      backupTimer.unref();
    },
    close() {
      if (closed) return;
      closed = true;
      registry.abortAll();
      if (backupTimer) clearInterval(backupTimer);
      if (outboxTimer) clearTimeout(outboxTimer);
      void team.stopLive();
      counter?.close();
      recordThread?.close();
      db.close();
    },
  };
  registerEngineInternals(ws, {
    db,
    releases,
    comments,
    search,
    assets,
    settings,
    snippets,
    templates,
    contacts,
    mail,
    mailJobs,
    approval,
    team,
  });
  return ws;
}

/**
 * Replaces the data of a data directory with a backup file, recognised by its
 * content (never its name): a full backup brings its images along, anything
 * else is read as a database backup (and refused with DB_CORRUPT if it is
 * none). The current database is backed up first. Not a method of the
 * workstation: the database is replaced while nothing has it open (the CLI's
 * `restore`, the app before it opens its data directory).
 */
export async function restoreDataDir(
  dataDir: string,
  file: string,
  options: { now?: Date } = {},
): Promise<DataDirRestoreResult> {
  const now = options.now ?? new Date();
  return guardCall(join(dataDir, DATABASE_FILE), async () => {
    if ((await detectBackupKind(file)) === 'archive')
      return { kind: 'archive' as const, ...(await restoreFullBackup(dataDir, file, now)) };
    const { previous, dropped, droppedCount } = await restoreDatabase(dataDir, file, now);
    return { kind: 'database' as const, previous, dropped, droppedCount };
  });
}

async function guardCall<T>(file: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw mapSqliteError(error, file) ?? error;
  }
}

/** Driver errors (disk full, locked, damaged file) leave the engine as our error codes. */
function guardHandlers(file: string, handlers: Handlers): Handlers {
  const guarded: Record<string, (input: never) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (input: never) => unknown][]) {
    guarded[name] = async (input: never) => {
      try {
        return await handler(input);
      } catch (error) {
        throw mapSqliteError(error, file) ?? error;
      }
    };
  }
  return guarded as unknown as Handlers;
}
