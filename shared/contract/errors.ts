import type { ErrorCode } from '../errors';
import type { ChannelName } from './index';

/**
 * The error codes each channel may answer with, besides the common ones.
 * The UI translates every one of them; `dispatch` reports a code a channel
 * did not declare as a defect (and refuses it outright under test, see
 * `errors.test.ts`), so this table cannot drift from what the engine throws.
 */

/** Codes any channel may answer with: the boundary's own, and the store's and the disk's failures. */
export const COMMON_ERRORS = [
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'UNAUTHORIZED',
  'INTERNAL',
  'DB_BUSY',
  'DB_CORRUPT',
  'DISK_FULL',
  'DISK_IO_ERROR',
  'DATA_DIR_NOT_WRITABLE',
] as const satisfies readonly ErrorCode[];

const TEAM_CALL = [
  'TEAM_URL_INVALID',
  'TEAM_UNREACHABLE',
  'TEAM_AUTH_FAILED',
  'TEAM_FORBIDDEN',
  'TEAM_NOT_INITIALISED',
  'TEAM_SCHEMA_TOO_NEW',
  'TEAM_PASSWORD_MISSING',
  'TEAM_SERVER_ERROR',
] as const;
const RELEASE_WRITE = ['NOT_FOUND', 'CONFLICT', 'INVALID_DOCUMENT', 'UNSAFE_LINK'] as const;
const ASSET_FILE = [
  'ASSET_EMPTY',
  'ASSET_TOO_LARGE',
  'ASSET_TOO_MANY_PIXELS',
  'ASSET_UNSUPPORTED',
  'ASSET_CORRUPT',
  'FILE_UNREADABLE',
] as const;
const EXPORT_BUILD = ['NOT_FOUND', 'EXPORT_BLOCKED', 'ASSET_CORRUPT', 'FILE_UNREADABLE', 'CANCELLED'] as const;
const EXPORT_WRITE = ['EXPORT_TARGET_EXISTS', 'EXPORT_TARGET_NOT_WRITABLE', 'EXPORT_TARGET_UNSUPPORTED'] as const;
const ARCHIVE_READ = [
  'ARCHIVE_INVALID',
  'ARCHIVE_UNSUPPORTED',
  'ARCHIVE_TOO_LARGE',
  'DB_TOO_NEW',
  'FILE_UNREADABLE',
] as const;

export const CHANNEL_ERRORS: { readonly [K in ChannelName]: readonly ErrorCode[] } = {
  'app.info': [],
  'app.setUiLanguage': [],
  'app.setSpellcheckLanguage': [],

  'releases.list': [],
  'releases.get': ['NOT_FOUND'],
  'releases.create': [...RELEASE_WRITE, 'APPROVAL_REQUIRED'],
  'releases.save': [...RELEASE_WRITE, 'FORBIDDEN_TRANSITION', 'APPROVAL_REQUIRED'],
  'releases.trash': ['NOT_FOUND'],
  'releases.restore': ['NOT_FOUND'],
  'releases.purge': ['NOT_FOUND', 'NOT_IN_TRASH'],
  'releases.topics': [],
  'releases.revisions': ['NOT_FOUND'],
  'releases.revision': ['NOT_FOUND'],
  'releases.restoreRevision': [...RELEASE_WRITE, 'FORBIDDEN_TRANSITION'],
  'releases.duplicate': [...RELEASE_WRITE],

  'snippets.list': [],
  'snippets.save': ['NOT_FOUND'],
  'snippets.delete': ['NOT_FOUND'],
  'templates.list': [],
  'templates.get': ['NOT_FOUND'],
  'templates.saveFromRelease': ['NOT_FOUND'],
  'templates.delete': [],

  'archive.search': ['SEARCH_QUERY'],
  'archive.similar': ['NOT_FOUND', 'SEARCH_QUERY'],
  'archive.importStart': ['IMPORT_TOO_LARGE', 'IMPORT_UNSUPPORTED'],
  'archive.importProgress': ['IMPORT_JOB_UNKNOWN'],
  'archive.importCancel': ['IMPORT_JOB_UNKNOWN'],

  'assets.import': [...ASSET_FILE],
  'assets.list': [],
  'assets.get': ['NOT_FOUND'],
  'assets.usage': ['NOT_FOUND'],

  'export.docx': [...EXPORT_BUILD],
  'export.wireText': ['NOT_FOUND', 'EXPORT_BLOCKED'],
  'export.preflight': ['NOT_FOUND'],
  'export.preview': ['NOT_FOUND'],
  'export.zip': [...EXPORT_BUILD],
  'export.start': [...EXPORT_BUILD, ...EXPORT_WRITE],
  'export.progress': ['EXPORT_JOB_UNKNOWN'],
  'export.cancel': ['EXPORT_JOB_UNKNOWN'],
  'export.download': ['EXPORT_JOB_UNKNOWN', ...EXPORT_BUILD],
  'export.pdf': [...EXPORT_BUILD],
  'export.reviewCopy': ['NOT_FOUND', 'ASSET_CORRUPT', 'FILE_UNREADABLE', 'CANCELLED'],
  'export.reveal': ['EXPORT_JOB_UNKNOWN', 'EXPORT_TARGET_UNSUPPORTED', 'FILE_UNREADABLE'],

  'backup.list': [],
  'backup.create': ['EXPORT_TARGET_EXISTS'],
  'backup.restore': ['NOT_FOUND', 'DB_TOO_NEW', 'EXPORT_TARGET_EXISTS'],
  'backup.settings': [],
  'backup.setSettings': [],
  'backup.exportFullBackup': [
    'ARCHIVE_TOO_LARGE',
    'ASSET_CORRUPT',
    'FILE_UNREADABLE',
    'EXPORT_TARGET_UNSUPPORTED',
    ...EXPORT_WRITE,
  ],
  'backup.importFullBackup': [...ARCHIVE_READ, 'ASSET_CORRUPT', 'EXPORT_TARGET_EXISTS'],
  'backup.revealFullBackup': [],

  'mail.lists': [],
  'mail.audience': [],
  'mail.start': [
    ...EXPORT_BUILD,
    'MAIL_NOT_CONFIGURED',
    'MAIL_INSECURE_LOGIN',
    'RELEASE_IN_TRASH',
    'MAIL_ALREADY_SENT',
    'MAIL_SERVER_UNREACHABLE',
    'MAIL_AUTH_FAILED',
    'MAIL_BUSY',
  ],
  'mail.progress': ['MAIL_JOB_UNKNOWN'],
  'mail.cancel': ['MAIL_JOB_UNKNOWN'],
  'mail.log': [],
  'mail.recipients': ['NOT_FOUND'],
  'mail.message': ['NOT_FOUND'],
  'mail.decideUncertain': ['NOT_FOUND'],
  'mail.discard': ['NOT_FOUND', 'MAIL_BUSY'],
  'mail.eml': [...EXPORT_BUILD, 'RELEASE_IN_TRASH'],
  'mail.passwordStatus': [],
  'mail.setPassword': ['MAIL_PASSWORD_UNSUPPORTED'],

  'settings.list': [],
  'settings.get': ['SETTING_UNKNOWN'],
  'settings.set': ['SETTING_UNKNOWN', 'SETTING_INVALID'],

  'log.list': ['NOT_FOUND'],
  'profile.get': [],
  'profile.set': ['PROFILE_INVALID'],

  'team.status': [],
  'team.connect': [...TEAM_CALL],
  'team.disconnect': [],
  'team.sync': [...TEAM_CALL, 'TEAM_NOT_CONNECTED', 'ASSET_CORRUPT', 'FILE_UNREADABLE'],
  'team.conflict': ['NOT_FOUND'],
  'team.resolve': ['NOT_FOUND', 'INVALID_DOCUMENT', 'IMPORT_INVALID', ...TEAM_CALL],
  'team.editors': [],
  'team.online': [],
  'team.setEditing': [],

  'approval.get': ['NOT_FOUND'],
  'approval.requestReview': ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN_TRANSITION'],
  'approval.approve': ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN_TRANSITION', 'FOUR_EYES', 'EVIDENCE_INVALID'],
  'approval.confirmCorrection': ['NOT_FOUND', 'CONFLICT', 'APPROVAL_REQUIRED', 'FOUR_EYES'],
  'approval.setStatus': ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN_TRANSITION', 'APPROVAL_REQUIRED'],
  'approval.evidence': ['NOT_FOUND'],
  'quotes.list': ['NOT_FOUND'],
  'quotes.request': ['NOT_FOUND', 'CONFLICT'],
  'quotes.decide': ['NOT_FOUND', 'CONFLICT'],
  'comments.list': ['NOT_FOUND'],
  'comments.add': ['NOT_FOUND', 'CONFLICT'],
  'comments.reply': ['NOT_FOUND'],
  'comments.resolve': ['NOT_FOUND'],
  'contacts.list': ['LIST_NOT_FOUND'],
  'contacts.get': ['CONTACT_NOT_FOUND'],
  'contacts.create': ['CONTACT_EXISTS', 'LIST_NOT_FOUND'],
  'contacts.update': ['CONTACT_NOT_FOUND', 'CONTACT_EXISTS', 'LIST_NOT_FOUND'],
  'contacts.delete': [],
  'contacts.optOut': ['CONTACT_EMAIL_INVALID'],
  'contacts.import': [],
  'contacts.importStart': [],
  'contacts.importProgress': ['IMPORT_JOB_UNKNOWN'],
  'contacts.importCancel': ['IMPORT_JOB_UNKNOWN'],
  'contacts.exportCsv': ['LIST_NOT_FOUND'],
  'lists.list': [],
  'lists.create': ['LIST_EXISTS'],
  'lists.rename': ['LIST_NOT_FOUND', 'LIST_EXISTS'],
  'lists.delete': [],
  'lists.addMembers': ['LIST_NOT_FOUND', 'CONTACT_NOT_FOUND'],
  'lists.removeMembers': ['LIST_NOT_FOUND'],
};

/** Whether `code` is an answer `channel` may give. */
export function isDeclaredError(channel: ChannelName, code: ErrorCode): boolean {
  return (COMMON_ERRORS as readonly ErrorCode[]).includes(code) || CHANNEL_ERRORS[channel].includes(code);
}
