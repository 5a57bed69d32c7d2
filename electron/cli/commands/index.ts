import type { Command } from '../command';
import { approveCommand, quotesCommand, statusCommand } from './approvalCommand';
import { assetCommand } from './assetCommand';
import { backupCommand, restoreCommand } from './backupCommand';
import { contactsCommand, listsCommand } from './contactsCommand';
import { exportCommand } from './exportCommand';
import { importCommand } from './importCommand';
import { listCommand } from './listCommand';
import { logCommand, profileCommand } from './logCommand';
import { searchCommand } from './searchCommand';
import { sendCommand } from './sendCommand';
import { settingsCommand } from './settingsCommand';
import { showCommand } from './showCommand';
import { teamCommand } from './teamCommand';

/** Every `pressdesk` command, in the order --help lists them. */
export const COMMANDS: readonly Command[] = [
  importCommand,
  listCommand,
  searchCommand,
  showCommand,
  exportCommand,
  sendCommand,
  assetCommand,
  backupCommand,
  restoreCommand,
  settingsCommand,
  statusCommand,
  approveCommand,
  quotesCommand,
  logCommand,
  profileCommand,
  contactsCommand,
  listsCommand,
  teamCommand,
];
