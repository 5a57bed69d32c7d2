/**
 * Errors that cross the contract boundary. Every failure a user or a script can
 * meet has a stable `code`; the UI translates codes, the CLI prints `message`.
 */
export const ERROR_CODES = [
  /** The payload of a channel did not match its input schema. */
  'INVALID_INPUT',
  /** A release body is not a document of the Pressdesk vocabulary. */
  'INVALID_DOCUMENT',
  /** A link uses a scheme other than http, https or mailto. */
  'UNSAFE_LINK',
  /** The requested release (or other record) does not exist. */
  'NOT_FOUND',
  /** Only a release in the trash can be deleted for good. */
  'NOT_IN_TRASH',
  /** A save was based on an older version than the one stored. */
  'CONFLICT',
  /** The status change is not allowed by the workflow (e.g. a published release back to draft). */
  'FORBIDDEN_TRANSITION',
  /** The status needs a current approval (and approved quotes) first; `details.reason` says what is missing. */
  'APPROVAL_REQUIRED',
  /** Four-eyes: the approver made the last change to the content. */
  'FOUR_EYES',
  /** An approval's evidence is not an e-mail (.eml, .msg) or a PDF, is empty, or is too large. */
  'EVIDENCE_INVALID',
  /** The channel name is not part of the contract. */
  'UNKNOWN_CHANNEL',
  /** Web mode: the request carried no valid session (or a sign-in link that was used already). */
  'UNAUTHORIZED',
  /** The database was written by a newer Pressdesk version. */
  'DB_TOO_NEW',
  /** The database file is damaged or not a Pressdesk database. */
  'DB_CORRUPT',
  /** The database is locked by another program for too long. */
  'DB_BUSY',
  /** The data directory cannot be created or written. */
  'DATA_DIR_NOT_WRITABLE',
  /** The disk is full. */
  'DISK_FULL',
  /** The disk reported a read or write error (SQLite's I/O errors): a failing drive, a lost network share. */
  'DISK_IO_ERROR',
  /** An import file could not be read. */
  'FILE_UNREADABLE',
  /** An import file is not valid JSON / NDJSON. */
  'IMPORT_PARSE',
  /** An import record does not match the interchange format. */
  'IMPORT_INVALID',
  /** A search query could not be run (the parser reads any text, so this is rare). */
  'SEARCH_QUERY',
  /** An import file is larger than the import accepts, or a ZIP unpacks to too much. */
  'IMPORT_TOO_LARGE',
  /** An import file is of a kind the import does not read (by name and content). */
  'IMPORT_UNSUPPORTED',
  /** A ZIP archive is damaged, or an entry's path leaves the archive. */
  'IMPORT_ZIP_INVALID',
  /** A Word file (.docx) cannot be read: not a ZIP package, no document inside, damaged or encrypted parts, broken relationships. */
  'IMPORT_DOCX_INVALID',
  /** A web page has no recognisable press release (no headline or body text). */
  'IMPORT_NO_CONTENT',
  /** A web page nests its elements deeper, or holds more of them, than the import reads (a hostile or broken page). */
  'IMPORT_TOO_COMPLEX',
  /** A folder import met a symbolic link, a device, a FIFO or a socket: it is skipped, never read. */
  'IMPORT_NOT_A_FILE',
  /** An import job id is unknown (finished jobs are forgotten after a while). */
  'IMPORT_JOB_UNKNOWN',
  /** An image file is empty (zero bytes). */
  'ASSET_EMPTY',
  /** An image file is larger than Pressdesk accepts. */
  'ASSET_TOO_LARGE',
  /** An image has more pixels than Pressdesk decodes (a decompression bomb, or simply too big). */
  'ASSET_TOO_MANY_PIXELS',
  /** The file is not an image type Pressdesk accepts (SVG and disguised files included). */
  'ASSET_UNSUPPORTED',
  /** The image is damaged (truncated or unreadable pixel data). */
  'ASSET_CORRUPT',
  /** Preflight found errors that block the export (details.findings lists them). */
  'EXPORT_BLOCKED',
  /** The export target exists already. */
  'EXPORT_TARGET_EXISTS',
  /** A Pressdesk archive is damaged: a checksum, a size or an entry does not match its manifest, or a path leaves the archive. */
  'ARCHIVE_INVALID',
  /** A file is not a Pressdesk archive or backup, or an archive of a newer format. */
  'ARCHIVE_UNSUPPORTED',
  /** An archive is larger than Pressdesk accepts, or declares entries (or a total) over its limits; nothing was unpacked. */
  'ARCHIVE_TOO_LARGE',
  /** The export target cannot be written (no permission, read-only file system). */
  'EXPORT_TARGET_NOT_WRITABLE',
  /** This host cannot write bundles to a place of the user's choice (web mode offers a download instead). */
  'EXPORT_TARGET_UNSUPPORTED',
  /** An export job id is unknown (finished jobs are forgotten after a while). */
  'EXPORT_JOB_UNKNOWN',
  /** A settings key Pressdesk does not know (`pressdesk settings list` names them). */
  'SETTING_UNKNOWN',
  /** A settings value that does not fit its key (details.key, details.issues); nothing was stored. */
  'SETTING_INVALID',
  /** A profile that does not fit (a name is needed; details.issues); nothing was stored. */
  'PROFILE_INVALID',
  /** A contact of the press list does not exist (any more). */
  'CONTACT_NOT_FOUND',
  /** Another contact has this e-mail address already (addresses match ignoring case). */
  'CONTACT_EXISTS',
  /** A contact's field does not fit (too long, not a date, not a language tag); details name it. */
  'CONTACT_INVALID',
  /** A contact row or card has no e-mail address. */
  'CONTACT_EMAIL_MISSING',
  /** A contact's e-mail address is not one a mailing can go to. */
  'CONTACT_EMAIL_INVALID',
  /** A list of the press list does not exist (any more). */
  'LIST_NOT_FOUND',
  /** Another list has this name already (ignoring case). */
  'LIST_EXISTS',
  /** Mail cannot be sent yet: no mail server (mail.host) or no sender (mail.from) is set. */
  'MAIL_NOT_CONFIGURED',
  /** A user name is set with mail.security `none`: the password would cross the network unencrypted, so nothing is sent. */
  'MAIL_INSECURE_LOGIN',
  /** The release is in the trash: restore it before it is mailed. */
  'RELEASE_IN_TRASH',
  /** The release was mailed to one of the lists before (details.lists); send again only on purpose. */
  'MAIL_ALREADY_SENT',
  /** The mail server cannot be reached or broke off; the mailing waits in the outbox and resumes. */
  'MAIL_SERVER_UNREACHABLE',
  /** The mail server refused the user name and password. */
  'MAIL_AUTH_FAILED',
  /** The mailing is being sent already (by another window or command). */
  'MAIL_BUSY',
  /** A mail job id is unknown (finished jobs are forgotten after a while). */
  'MAIL_JOB_UNKNOWN',
  /** This host keeps no SMTP password (web mode and the CLI read PRESSDESK_SMTP_PASSWORD from the environment). */
  'MAIL_PASSWORD_UNSUPPORTED',
  /** The team server address is not a postgresql:// URL naming a database. */
  'TEAM_URL_INVALID',
  /** The team server cannot be reached or the connection broke off; changes wait here and go on the next sync. */
  'TEAM_UNREACHABLE',
  /** The team server did not accept the user name and password. */
  'TEAM_AUTH_FAILED',
  /** The team server refused a write for the user's role (only approvers record approvals). */
  'TEAM_FORBIDDEN',
  /** The team database has no Pressdesk schema yet (`pressdesk team init URL`). */
  'TEAM_NOT_INITIALISED',
  /** The team server has a newer schema than this Pressdesk knows; nothing was written. */
  'TEAM_SCHEMA_TOO_NEW',
  /** This data directory is not joined to a team (`pressdesk team connect`). */
  'TEAM_NOT_CONNECTED',
  /** No password for the team server: PRESSDESK_TEAM_PASSWORD, the prompt or the app's keychain gives it. */
  'TEAM_PASSWORD_MISSING',
  /** The team server reported an unexpected error (details.code is its SQLSTATE). */
  'TEAM_SERVER_ERROR',
  /** The user cancelled a long operation; nothing was left behind. */
  'CANCELLED',
  /** Anything unexpected; details are logged, not shown. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

export class PressdeskError extends Error {
  override readonly name = 'PressdeskError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into a payload that is safe to send across a boundary. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof PressdeskError) return error.toPayload();
  return { code: 'INTERNAL', message: 'An unexpected error occurred.' };
}

/** Zod issues in the compact form that travels in `details.issues`. */
export function issueList(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): { path: string[]; message: string }[] {
  return issues.map((i) => ({ path: i.path.map(String), message: i.message }));
}
