import type { z } from 'zod';
import { appChannels } from './app';
import { archiveChannels } from './archive';
import { assetChannels } from './assets';
import { fullBackupChannels, backupChannels } from './backup';
import { exportChannels } from './export';
import { pdfChannels } from './pdf';
import { reviewCopyChannels } from './reviewCopy';
import { mailChannels } from './mail';
import type { Channel } from './channel';
import { commentChannels } from './comments';
import { composeChannels } from './compose';
import { contactChannels } from './contacts';
import { releaseChannels } from './releases';
import { settingsChannels } from './settings';
import { logChannels } from './log';
import { wordChannels } from './word';
import { approvalChannels } from './approval';
import { teamChannels } from './team';

export type { Channel } from './channel';

/**
 * The one contract between the UI and the engine. Electron's main process, the
 * web host and the CLI bind their handlers by iterating over it; the renderer's
 * client is typed from it. Inputs are parsed before a handler runs. Each area
 * keeps its channels in its own module.
 */
export const contract = {
  ...appChannels,
  ...releaseChannels,
  ...archiveChannels,
  ...assetChannels,
  ...exportChannels,
  ...wordChannels,
  ...pdfChannels,
  ...reviewCopyChannels,
  ...composeChannels,
  ...backupChannels,
  ...fullBackupChannels,
  ...settingsChannels,
  ...logChannels,
  ...commentChannels,
  ...contactChannels,
  ...mailChannels,
  ...approvalChannels,
  ...teamChannels,
} as const satisfies Record<string, Channel>;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ChannelParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<Contract[K]['output']>;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** What an engine provides: one async handler per channel, receiving parsed input. */
export type Handlers = {
  [K in ChannelName]: (input: ChannelParsedInput<K>) => Promise<ChannelOutput<K>> | ChannelOutput<K>;
};

/** What crosses the wire for every call: a value or a typed error. */
export type Envelope<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { code: string; message: string; details?: unknown } };

export { IPC_PREFIX } from './ipc';

/** The handlers of one area: those channels of the contract whose names are in `T`. */
export type HandlersOf<T extends Record<string, Channel>> = Pick<Handlers, Extract<keyof T, ChannelName>>;
