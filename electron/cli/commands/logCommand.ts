import { LOG_KINDS, type LogKind } from '../../../shared/domain';
import { UsageError, type Command } from '../command';

function isLogKind(value: string): value is LogKind {
  return (LOG_KINDS as readonly string[]).includes(value);
}

export const logCommand: Command = {
  name: 'log',
  synopsis: 'log ID',
  summary: `Show a release's log, oldest first: who saved, changed its status, imported, exported or trashed it, and when`,
  options: {
    kind: {
      type: 'string',
      multiple: true,
      description: `only entries of this kind (repeatable): ${LOG_KINDS.join(', ')}`,
    },
  },
  async run({ args, options, json, io, call }) {
    const [id] = args;
    if (!id || args.length > 1) throw new UsageError('log needs exactly one ID');
    const asked = (options.kind as string[] | undefined) ?? [];
    const unknown = asked.filter((k) => !isLogKind(k));
    if (unknown.length > 0) throw new UsageError(`unknown kind ${unknown.join(', ')} (known: ${LOG_KINDS.join(', ')})`);
    const { items } = await call('log.list', { id, kinds: asked.filter(isLogKind) });
    if (json) {
      io.out(
        JSON.stringify(
          items.map((e) => ({ at: e.at, actor: e.actor.name, kind: e.kind, version: e.version, detail: e.detail })),
        ),
      );
      return 0;
    }
    for (const e of items) {
      const detail = Object.entries(e.detail)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ');
      const version = e.version === null ? '' : `v${e.version}`;
      io.out([e.at, e.actor.name || '(unknown)', e.kind, version, detail].join('\t').trimEnd());
    }
    return 0;
  },
};

export const profileCommand: Command = {
  name: 'profile',
  synopsis: 'profile show | profile set --name NAME [--function TEXT] [--email ADDRESS] [--initials XY]',
  summary: 'Show or set who works at this workstation (every entry of a release log names them)',
  options: {
    name: { type: 'string', description: 'your name' },
    function: { type: 'string', description: 'your function („Pressesprecherin“)' },
    email: { type: 'string', description: 'your e-mail address' },
    initials: { type: 'string', description: 'your initials (made from the name when not given)' },
  },
  async run({ args, options, json, io, call }) {
    const [sub, ...rest] = args;
    if (rest.length > 0) throw new UsageError('profile takes no further arguments');
    if (sub === 'show') {
      const { profile } = await call('profile.get', {});
      if (json) io.out(JSON.stringify(profile));
      else if (!profile) io.out('No profile yet: pressdesk profile set --name NAME');
      else for (const [key, value] of Object.entries(profile)) io.out(`${key}\t${value}`);
      return 0;
    }
    if (sub === 'set') {
      const { profile: current } = await call('profile.get', {});
      const text = (key: string): string | undefined => {
        const value = options[key];
        return typeof value === 'string' ? value : undefined;
      };
      const name = text('name') ?? current?.name;
      if (name === undefined) throw new UsageError('profile set needs --name NAME');
      const { profile } = await call('profile.set', {
        name,
        function: text('function') ?? current?.function ?? '',
        email: text('email') ?? current?.email ?? '',
        initials: text('initials') ?? current?.initials ?? '',
      });
      if (json) io.out(JSON.stringify(profile));
      else io.out(`Profile: ${profile.name}${profile.function ? `, ${profile.function}` : ''}`);
      return 0;
    }
    throw new UsageError('profile needs show or set');
  },
};
