import { z } from 'zod';

/** How the connection to the SMTP server is secured: not at all, STARTTLS after connecting, or TLS from the start. */
export const MAIL_SECURITY = ['none', 'starttls', 'tls'] as const;
export type MailSecurity = (typeof MAIL_SECURITY)[number];

/** One line of text without control characters, trimmed. */
const line = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'no line breaks or control characters');

/** An address as a mail header names it: `name@example.org` (no display name, no angle brackets). */
export const MailAddressSchema = z
  .string()
  .max(254)
  .transform((s) => s.trim())
  .refine(
    (s) => /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\.]+(?:\.[^\s@<>(),;:"[\]\\.]+)+$/.test(s),
    'not an e-mail address',
  );

/** The address of a sender as `mail.from` gives it (`Name <a@b.de>` or `a@b.de`), or null if it names none. */
export function fromAddress(from: string): string | null {
  const trimmed = from.trim();
  const open = trimmed.lastIndexOf('<');
  const address = open >= 0 && trimmed.endsWith('>') ? trimmed.slice(open + 1, -1) : trimmed;
  const parsed = MailAddressSchema.safeParse(address);
  return parsed.success ? parsed.data : null;
}

/** The display name of a sender as `mail.from` gives it, without quotes; empty without one. */
export function fromName(from: string): string {
  const trimmed = from.trim();
  const open = trimmed.lastIndexOf('<');
  if (open < 0 || !trimmed.endsWith('>')) return '';
  return trimmed
    .slice(0, open)
    .trim()
    .replace(/^"(.*)"$/, '$1');
}

/** A host name or IP address of the SMTP server. */
export const MailHostSchema = line(253).refine((s) => /^[\w.:[\]-]+$/.test(s), 'not a host name');

/** Each mail setting, with the schema a stored value must pass. The password is no setting: it never enters the database. */
export const MAIL_SETTINGS = {
  /** The office's SMTP server. */
  'mail.host': MailHostSchema,
  /** Its port (587 for STARTTLS, 465 for TLS, 25 without). */
  'mail.port': z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'a port number')
    .refine((s) => Number(s) >= 1 && Number(s) <= 65535, 'a port from 1 to 65535'),
  /** none, starttls or tls. */
  'mail.security': z.enum(MAIL_SECURITY),
  /** The user name to sign in with; without it, no sign-in. */
  'mail.user': line(254),
  /** The sender, `Pressestelle <presse@example.org>` or the address alone. */
  'mail.from': line(320).refine((s) => fromAddress(s) !== null, 'an address, or a name and <address>'),
  /** Where replies go (and opt-out requests); without it, to the sender. */
  'mail.replyTo': MailAddressSchema,
  /** At most this many messages per minute (the server's limit); without it, as fast as the server takes them. */
  'mail.rate': z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'a whole number of messages per minute')
    .refine((s) => Number(s) >= 1, 'at least one message per minute'),
} as const;

export type MailSettingKey = keyof typeof MAIL_SETTINGS;
export const MAIL_SETTING_KEYS = Object.keys(MAIL_SETTINGS) as MailSettingKey[];

export function isMailSettingKey(key: string): key is MailSettingKey {
  return Object.prototype.hasOwnProperty.call(MAIL_SETTINGS, key);
}

/** The environment variable web mode and the command line read the SMTP password from. */
export const SMTP_PASSWORD_ENV = 'PRESSDESK_SMTP_PASSWORD';

/** The state of one recipient of a mailing. */
export const RECIPIENT_STATES = ['queued', 'sending', 'accepted', 'refused', 'uncertain', 'cancelled'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];
