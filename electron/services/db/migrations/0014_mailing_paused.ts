import type { Migration } from './types';

/**
 * When the user stopped a mailing (cancel, Ctrl+C): such a mailing waits in
 * the outbox until it is sent again on purpose, while one the server or a
 * closed app interrupted goes on by itself when the app starts again.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'mailing_paused',
  statements: [`ALTER TABLE mailings ADD COLUMN paused_at TEXT`],
};
