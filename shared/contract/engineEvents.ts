import type { z } from 'zod';
import { ImportJobSchema } from './archive';
import { ContactImportJobSchema, ContactsChangedSchema } from './contacts';
import { ExportJobSchema } from './export';
import { MailJobSchema } from './mail';
import { TeamLiveEventSchema } from './team';

/**
 * What the engine pushes to the windows, instead of being asked again and
 * again: one event per change of a long job's state (start, progress, end).
 * Named `onDidX`; the payload is validated by the host before it leaves, like
 * a channel's output. Every host delivers them: IPC events in the app, a
 * server-sent event stream in web mode, a callback in the CLI and in tests.
 */
export const contractEvents = {
  /** An import job started, read a file, or ended (done or cancelled). */
  'archive.onDidChangeImportJob': ImportJobSchema,
  /** An export job was queued, made a rendition, or ended (done, failed, cancelled). */
  'export.onDidChangeExportJob': ExportJobSchema,
  /** The press list changed (contacts, lists or memberships): every list with its count. */
  'contacts.onDidChange': ContactsChangedSchema,
  /** A contact import read its files, checked rows, wrote a file, or ended (done or cancelled). */
  'contacts.onDidChangeImportJob': ContactImportJobSchema,
  /** A mailing was prepared, sent a message, waits for the server, or ended. */
  'mail.onDidChangeMailJob': MailJobSchema,
  /** Team mode: a sync brought colleagues' changes, the server went away or came back, conflicts changed. */
  'team.onDidChange': TeamLiveEventSchema,
} as const;

export type EventName = keyof typeof contractEvents;
export type EventPayload<K extends EventName> = z.output<(typeof contractEvents)[K]>;

/** One event as it crosses a boundary. */
export type ContractEvent = { [K in EventName]: { readonly name: K; readonly payload: EventPayload<K> } }[EventName];

export const EVENT_NAMES = Object.keys(contractEvents) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contractEvents, name);
}

/**
 * Checks an event against its schema before a host sends it on; an event
 * that does not match is a defect and is not sent (returns null).
 */
export function parseEvent(name: unknown, payload: unknown): ContractEvent | null {
  if (!isEventName(name)) return null;
  const parsed = contractEvents[name].safeParse(payload);
  return parsed.success ? ({ name, payload: parsed.data } as ContractEvent) : null;
}
