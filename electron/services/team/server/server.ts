import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { PressdeskError } from '../../../../shared/errors';
import { GROUP_ROLE, SERVER_MIGRATIONS, SERVER_SCHEMA_VERSION, TEAM_ROLES, type TeamRole } from './migrations';

export type PgClient = pg.Client;

/** Where the team server is: a postgresql:// URL; the password never comes from here to the store. */
export interface ServerAddress {
  readonly url: string;
  readonly user?: string;
  readonly password?: string;
}

const CONNECT_TIMEOUT_MS = 10_000;

/** The URL as stored and shown: without a password, and with the user given separately. */
export function cleanUrl(url: string): string {
  const parsed = parseUrl(url);
  parsed.password = '';
  parsed.username = '';
  // The driver also reads credentials from the query; they are never kept either.
  for (const key of [...parsed.searchParams.keys()]) {
    if (/^(?:password|user|passfile|sslpassword)$/i.test(key)) parsed.searchParams.delete(key);
  }
  return parsed.toString();
}

export function passwordOfUrl(url: string): string | undefined {
  const parsed = parseUrl(url);
  const secret = parsed.password ? decodeURIComponent(parsed.password) : parsed.searchParams.get('password');
  return secret || undefined;
}

export function userOfUrl(url: string): string | undefined {
  const user = parseUrl(url).username;
  return user ? decodeURIComponent(user) : undefined;
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PressdeskError('TEAM_URL_INVALID', 'The team server address is not a postgresql:// URL.');
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new PressdeskError('TEAM_URL_INVALID', 'The team server address is not a postgresql:// URL.');
  }
  if (!parsed.pathname || parsed.pathname === '/') {
    throw new PressdeskError('TEAM_URL_INVALID', 'The team server address names no database.');
  }
  return parsed;
}

/**
 * Maps the driver's and the server's errors to ours. Messages never carry
 * the password (the driver's own messages do not either).
 */
export function mapPgError(error: unknown): PressdeskError {
  if (error instanceof PressdeskError) return error;
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  switch (code) {
    case 'PDCON':
      return new PressdeskError('CONFLICT', message);
    case 'PDAPP':
    case '42501':
      return new PressdeskError('TEAM_FORBIDDEN', `The team server refused this for your role: ${message}`);
    case 'PD4EY':
      return new PressdeskError('FOUR_EYES', `The team server refused the approval: ${message}`);
    case 'PDGAT':
      return new PressdeskError('APPROVAL_REQUIRED', `The team server refused the status: ${message}`, {
        reason: 'not-approved',
      });
    case '28P01':
    case '28000':
      return new PressdeskError('TEAM_AUTH_FAILED', 'The team server did not accept this user and password.');
    case '3D000':
      return new PressdeskError('TEAM_UNREACHABLE', 'The database named in the team server address does not exist.');
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case 'EPIPE':
    case '57P01':
    case '57P02':
    case '57P03':
    case '08000':
    case '08003':
    case '08006':
      return new PressdeskError('TEAM_UNREACHABLE', 'The team server does not answer; your changes wait here.', {
        reason: code,
      });
    default:
      if (/Connection terminated|timeout|ECONNRESET|socket/i.test(message)) {
        return new PressdeskError(
          'TEAM_UNREACHABLE',
          'The connection to the team server was lost; nothing half-done stays.',
        );
      }
      return new PressdeskError('TEAM_SERVER_ERROR', `The team server reported an error (${code || 'unknown'}).`, {
        code,
      });
  }
}

/** Opens a connection; every failure arrives as a PressdeskError. */
export async function connectServer(address: ServerAddress): Promise<PgClient> {
  const target = parseUrl(address.url);
  if (address.user) target.username = encodeURIComponent(address.user);
  if (address.password !== undefined) target.password = encodeURIComponent(address.password);
  // The PostgreSQL driver is loaded by the first connection: a store without a team never loads it.
  const { default: driver } = await import('pg');
  const client = new driver.Client({
    connectionString: target.toString(),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'pressdesk',
  });
  // A dropped connection is reported to the call that uses it; the event must not end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw mapPgError(error);
  }
  return client;
}

/** The schema version the server has, or 0 when it has none. */
export async function serverSchemaVersion(client: PgClient): Promise<number> {
  const exists = await client.query<{ found: boolean }>(
    `SELECT to_regclass('pressdesk.schema_migrations') IS NOT NULL AS found`,
  );
  if (!exists.rows[0]?.found) return 0;
  const row = await client.query<{ v: number | null }>(
    'SELECT max(version)::int AS v FROM pressdesk.schema_migrations',
  );
  return row.rows[0]?.v ?? 0;
}

/** Refuses a server without our schema, or with a newer one than this Pressdesk knows. */
export async function checkServerSchema(client: PgClient): Promise<number> {
  const version = await serverSchemaVersion(client);
  if (version === 0) {
    throw new PressdeskError(
      'TEAM_NOT_INITIALISED',
      'The team database has no Pressdesk schema yet; the administrator runs `pressdesk team init URL` once.',
    );
  }
  if (version > SERVER_SCHEMA_VERSION) {
    throw new PressdeskError(
      'TEAM_SCHEMA_TOO_NEW',
      `The team server has schema ${version}; this Pressdesk knows up to ${SERVER_SCHEMA_VERSION}. Please update Pressdesk.`,
      { schemaVersion: version, supported: SERVER_SCHEMA_VERSION },
    );
  }
  return version;
}

/**
 * Creates or migrates the schema (the administrator, once). Each migration
 * runs in one transaction; two administrators at once wait for each other.
 */
export async function initServer(address: ServerAddress): Promise<{ from: number; to: number }> {
  const client = await connectServer(address);
  try {
    const from = await serverSchemaVersion(client);
    if (from > SERVER_SCHEMA_VERSION) await checkServerSchema(client);
    for (const m of SERVER_MIGRATIONS) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock(7345600)');
        const have = await serverSchemaVersion(client);
        if (have >= m.version) {
          await client.query('ROLLBACK');
          continue;
        }
        if (m.version === 1) {
          await client.query('CREATE SCHEMA IF NOT EXISTS pressdesk');
          await client.query(`CREATE TABLE IF NOT EXISTS pressdesk.schema_migrations (
            version    int PRIMARY KEY,
            name       text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
          )`);
        }
        for (const sql of m.statements) await client.query(sql);
        await client.query('INSERT INTO pressdesk.schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
        await client.query('GRANT SELECT ON pressdesk.schema_migrations TO pressdesk_member, pressdesk_admin');
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw mapPgError(error);
      }
    }
    return { from, to: SERVER_SCHEMA_VERSION };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The password as PostgreSQL keeps it (a SCRAM-SHA-256 verifier), computed
 * here: the password itself never travels in a statement, so no server log
 * can hold it.
 */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

const LOGIN_PATTERN = /^[a-z_][\d_a-z]{0,62}$/;

export function isTeamRole(value: string): value is TeamRole {
  return (TEAM_ROLES as readonly string[]).includes(value);
}

/**
 * Adds an officer: a login role of their own in the group of their team role
 * (an administrator does it). An existing member changes role.
 */
export async function addTeamUser(
  address: ServerAddress,
  user: { login: string; role: TeamRole; password: string; displayName?: string },
): Promise<{ login: string; role: TeamRole; created: boolean }> {
  if (!LOGIN_PATTERN.test(user.login)) {
    throw new PressdeskError(
      'INVALID_INPUT',
      'A team user name is 1 to 63 lower-case letters, digits or underscores, starting with a letter.',
    );
  }
  if (user.password.length < 8) {
    throw new PressdeskError('INVALID_INPUT', 'A team password has at least 8 characters.');
  }
  const client = await connectServer(address);
  try {
    await checkServerSchema(client);
    await client.query('BEGIN');
    try {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user.login]);
      const ident = client.escapeIdentifier(user.login);
      const secret = client.escapeLiteral(scramVerifier(user.password));
      if (exists.rowCount === 0) await client.query(`CREATE ROLE ${ident} LOGIN PASSWORD ${secret}`);
      else await client.query(`ALTER ROLE ${ident} LOGIN PASSWORD ${secret}`);
      for (const role of TEAM_ROLES) {
        if (role !== user.role) await client.query(`REVOKE ${GROUP_ROLE[role]} FROM ${ident}`);
      }
      await client.query(`GRANT ${GROUP_ROLE[user.role]} TO ${ident}`);
      await client.query(
        `INSERT INTO pressdesk.members (login, role, display_name) VALUES ($1, $2, $3)
         ON CONFLICT (login) DO UPDATE SET role = EXCLUDED.role,
           display_name = CASE WHEN EXCLUDED.display_name = '' THEN pressdesk.members.display_name
                               ELSE EXCLUDED.display_name END`,
        [user.login, user.role, user.displayName ?? ''],
      );
      await client.query('COMMIT');
      return { login: user.login, role: user.role, created: exists.rowCount === 0 };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw mapPgError(error);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The office's rules on the server that an administrator sets. */
export const TEAM_SETTINGS = ['fourEyes', 'privateDrafts'] as const;
export type TeamSetting = (typeof TEAM_SETTINGS)[number];

export function isTeamSetting(value: string): value is TeamSetting {
  return (TEAM_SETTINGS as readonly string[]).includes(value);
}

/** Sets one of the office's rules on the server (an administrator does it); answers all of them. */
export async function setTeamSetting(
  address: ServerAddress,
  key: TeamSetting,
  value: boolean,
): Promise<Record<TeamSetting, boolean>> {
  const client = await connectServer(address);
  try {
    await checkServerSchema(client);
    await client.query(
      `INSERT INTO pressdesk.settings (key, value) VALUES ($1, $2::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [key, JSON.stringify(value)],
    );
    const rows = await client.query<{ key: string; value: unknown }>('SELECT key, value FROM pressdesk.settings');
    const all = Object.fromEntries(TEAM_SETTINGS.map((k) => [k, false])) as Record<TeamSetting, boolean>;
    for (const row of rows.rows) if (isTeamSetting(row.key)) all[row.key] = row.value === true;
    return all;
  } catch (error) {
    throw mapPgError(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The team role of the signed-in user, from the server's own role memberships. */
export async function roleOf(client: PgClient): Promise<TeamRole | null> {
  const result = await client.query<{ role: TeamRole }>(
    `SELECT r.role FROM (VALUES ('admin', 1), ('approver', 2), ('reviewer', 3), ('author', 4)) AS r(role, rank)
     WHERE pg_has_role(session_user, 'pressdesk_' || r.role, 'MEMBER') ORDER BY r.rank LIMIT 1`,
  );
  return result.rows[0]?.role ?? null;
}
