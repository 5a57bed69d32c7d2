import { randomBytes } from 'node:crypto';
import { PressdeskError } from '../../../shared/errors';
import {
  addTeamUser,
  initServer,
  isTeamRole,
  isTeamSetting,
  setTeamSetting,
  TEAM_PASSWORD_ENV,
  TEAM_ROLES,
  TEAM_SETTINGS,
  userOfUrl,
} from '../../services/workstation';
import { UsageError, type Command, type CommandContext } from '../command';

/** Where `team user add` takes the new officer's password from (else a prompt, else one is made and shown once). */
export const TEAM_USER_PASSWORD_ENV = 'PRESSDESK_TEAM_USER_PASSWORD';

function text(options: CommandContext['options'], key: string): string | undefined {
  const value = options[key];
  return typeof value === 'string' ? value : undefined;
}

function passwordInUrl(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
}

/** The team password: from the environment, else asked for on the terminal. */
async function password(ctx: CommandContext, who: string): Promise<string> {
  const fromEnv = ctx.env[TEAM_PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  if (ctx.io.readSecret) return ctx.io.readSecret(`Password for ${who}: `);
  throw new PressdeskError(
    'TEAM_PASSWORD_MISSING',
    `No password for the team server: set ${TEAM_PASSWORD_ENV} or run the command in a terminal.`,
  );
}

async function init(ctx: CommandContext): Promise<number> {
  const [url, ...rest] = ctx.args.slice(1);
  if (!url || rest.length > 0) throw new UsageError('team init needs the server URL');
  const user = text(ctx.options, 'user') ?? userOfUrl(url);
  const secret = passwordInUrl(url) ? undefined : await password(ctx, user ?? 'the administrator');
  const result = await initServer({ url, user, password: secret });
  ctx.io.out(
    ctx.json
      ? JSON.stringify(result)
      : result.from === result.to
        ? `schema ${result.to}: up to date`
        : `schema ${result.from} → ${result.to}`,
  );
  return 0;
}

/** As whom an administrator's command signs in: the user in --url, else the user this data directory joined as. */
async function adminAddress(
  ctx: CommandContext,
): Promise<{ url: string; admin: string | undefined; adminPassword: string | undefined }> {
  const given = text(ctx.options, 'url');
  let url: string;
  let admin: string | undefined;
  if (given) {
    url = given;
    admin = userOfUrl(given);
  } else {
    const status = await ctx.call('team.status', {});
    if (!status.url || !status.user) {
      throw new PressdeskError(
        'TEAM_NOT_CONNECTED',
        'Give the server with --url, or join the team first (team connect).',
      );
    }
    url = status.url;
    admin = status.user;
  }
  const adminPassword = passwordInUrl(url) ? undefined : await password(ctx, admin ?? 'the administrator');
  return { url, admin, adminPassword };
}

async function setRule(ctx: CommandContext): Promise<number> {
  const [, key, value, ...rest] = ctx.args;
  if (!key || !value || rest.length > 0 || !isTeamSetting(key) || (value !== 'on' && value !== 'off')) {
    throw new UsageError(`team set needs one of ${TEAM_SETTINGS.join('|')} and on|off`);
  }
  const { url, admin, adminPassword } = await adminAddress(ctx);
  const all = await setTeamSetting({ url, user: admin, password: adminPassword }, key, value === 'on');
  ctx.io.out(ctx.json ? JSON.stringify(all) : TEAM_SETTINGS.map((k) => `${k}\t${all[k] ? 'on' : 'off'}`).join('\n'));
  return 0;
}

async function userAdd(ctx: CommandContext): Promise<number> {
  const [, verb, login, ...rest] = ctx.args;
  if (verb !== 'add' || !login || rest.length > 0) throw new UsageError('team user add needs a NAME and --role');
  const role = text(ctx.options, 'role');
  if (!role || !isTeamRole(role)) throw new UsageError(`--role must be one of ${TEAM_ROLES.join('|')}`);
  const { url, admin, adminPassword } = await adminAddress(ctx);
  let secret = ctx.env[TEAM_USER_PASSWORD_ENV];
  let made = false;
  if (!secret && ctx.io.readSecret) secret = await ctx.io.readSecret(`Password for the new user ${login}: `);
  if (!secret) {
    secret = randomBytes(12).toString('base64url');
    made = true;
  }
  const result = await addTeamUser(
    { url, user: admin, password: adminPassword },
    { login, role, password: secret, displayName: text(ctx.options, 'name') },
  );
  if (ctx.json) ctx.io.out(JSON.stringify({ ...result, ...(made ? { password: secret } : {}) }));
  else {
    ctx.io.out(`${result.login}\t${result.role}\t${result.created ? 'added' : 'changed'}`);
    if (made) ctx.io.out(`initial password (shown once): ${secret}`);
  }
  return 0;
}

export const teamCommand: Command = {
  name: 'team',
  synopsis:
    'team init URL | team user add NAME --role ROLE | team set fourEyes|privateDrafts on|off | team connect URL --user NAME | team disconnect | team sync | team status | team resolve ID --mine|--theirs',
  summary: `Work with the press office's team server (PostgreSQL); the password comes from ${TEAM_PASSWORD_ENV} or a prompt`,
  options: {
    user: { type: 'string', description: 'the team user to sign in as (connect, init)' },
    role: { type: 'string', description: `the new user's role: ${TEAM_ROLES.join(', ')} (user add)` },
    name: { type: 'string', description: "the new user's full name, as colleagues see it (user add)" },
    url: { type: 'string', description: 'the server, when this data directory has not joined it (user add, set)' },
    mine: { type: 'boolean', description: 'keep the text here and send it over the server’s (resolve)' },
    theirs: { type: 'boolean', description: 'take the server’s text; the own stays a revision (resolve)' },
  },
  async run(ctx) {
    const { args, options, json, io, call } = ctx;
    const [sub] = args;
    switch (sub) {
      case 'init':
        return init(ctx);
      case 'user':
        return userAdd(ctx);
      case 'set':
        return setRule(ctx);
      case 'connect': {
        const [, url, ...rest] = args;
        if (!url || rest.length > 0) throw new UsageError('team connect needs the server URL');
        const user = text(options, 'user') ?? userOfUrl(url);
        if (!user) throw new UsageError('team connect needs --user NAME');
        const secret = passwordInUrl(url) ? undefined : await password(ctx, user);
        const status = await call('team.connect', { url, user, ...(secret ? { password: secret } : {}) });
        io.out(json ? JSON.stringify(status) : `joined ${status.url} as ${status.user} (${status.role})`);
        return 0;
      }
      case 'disconnect': {
        const status = await call('team.disconnect', {});
        io.out(json ? JSON.stringify(status) : 'left the team; the releases stay here');
        return 0;
      }
      case 'sync': {
        const status = await call('team.status', {});
        if (!status.connected || !status.user) {
          throw new PressdeskError('TEAM_NOT_CONNECTED', 'This data directory is not joined to a team (team connect).');
        }
        const secret = await password(ctx, status.user);
        const result = await call('team.sync', { password: secret });
        if (json) io.out(JSON.stringify(result));
        else {
          io.out(
            `pushed ${result.pushed}, pulled ${result.pulled}, images up ${result.assetsUp}, down ${result.assetsDown}`,
          );
          for (const c of result.conflicts) io.out(`conflict\t${c.id}\t${c.headline}`);
          for (const r of result.refused) io.out(`refused\t${r.id}\t${r.code}\t${r.message}`);
        }
        return 0;
      }
      case 'status': {
        const status = await call('team.status', {});
        if (json) io.out(JSON.stringify(status));
        else if (!status.connected) io.out('not joined to a team');
        else {
          io.out(`${status.url}\t${status.user}\t${status.role ?? '?'}`);
          io.out(`pending ${status.pending}, conflicts ${status.conflicts}, last sync ${status.lastSync ?? 'never'}`);
        }
        return 0;
      }
      case 'resolve': {
        const [, id, ...rest] = args;
        if (!id || rest.length > 0) throw new UsageError('team resolve needs an ID');
        if ((options.mine === true) === (options.theirs === true)) throw new UsageError('say --mine or --theirs');
        const status = await call('team.resolve', { id, choice: options.mine === true ? 'mine' : 'theirs' });
        io.out(json ? JSON.stringify(status) : `resolved ${id}`);
        return 0;
      }
      default:
        throw new UsageError('team needs one of: init, user add, set, connect, disconnect, sync, status, resolve');
    }
  },
};
