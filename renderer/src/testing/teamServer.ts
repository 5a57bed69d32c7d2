import { contract, type ChannelName, type ChannelOutput } from '../../../shared/contract';
import { contractEvents, type ContractEvent } from '../../../shared/contract/engineEvents';
import type { TeamStatusView } from '../../../shared/contract/team';
import { PressdeskError } from '../../../shared/errors';
import type { Api } from '../api/types';
import type { TestEngine } from './engine';

/**
 * A joined workstation. The renderer's tests have no PostgreSQL, so the team
 * channels are answered here (every answer checked against the contract) and
 * the live events are pushed by the test; all other channels go to the real engine.
 */
export function joinedApi(engine: TestEngine) {
  const status: TeamStatusView = {
    connected: true,
    url: 'postgresql://teamserver/presse',
    user: 'ben',
    role: 'author',
    pending: 0,
    conflicts: 0,
    lastSync: '2025-03-01T08:00:00.000Z',
  };
  const server = {
    status,
    editors: [] as ChannelOutput<'team.editors'>['items'],
    colleagues: [] as ChannelOutput<'team.online'>['items'],
    conflicts: new Map<string, ChannelOutput<'team.conflict'>>(),
    calls: [] as { channel: string; input: unknown }[],
  };
  const listeners = new Set<(event: ContractEvent) => void>();
  const answer = async (channel: string, input: Record<string, unknown>): Promise<unknown> => {
    switch (channel) {
      case 'team.status':
        return server.status;
      case 'team.editors': {
        const ids = input.ids as string[] | undefined;
        return { online: true, items: server.editors.filter((e) => !ids || ids.includes(e.releaseId)) };
      }
      case 'team.setEditing':
        return { ok: true };
      case 'team.online':
        return { online: true, items: server.colleagues };
      case 'team.conflict': {
        const found = server.conflicts.get(input.id as string);
        if (!found) throw new PressdeskError('NOT_FOUND', 'No conflict.');
        return found;
      }
      case 'team.resolve': {
        const id = input.id as string;
        const found = server.conflicts.get(id);
        if (!found) throw new PressdeskError('NOT_FOUND', 'No conflict.');
        server.conflicts.delete(id);
        // As the engine does: `theirs` writes the server's record over the release here.
        if (input.choice === 'theirs')
          await engine.editElsewhere(id, { headline: found.server.record.headline as string });
        server.status = { ...server.status, conflicts: server.conflicts.size };
        return server.status;
      }
      case 'team.sync':
        return {
          pushed: 1,
          pulled: 0,
          conflicts: [],
          assetsUp: 0,
          assetsDown: 0,
          itemsPushed: 0,
          itemsPulled: 0,
          itemsOverwritten: 0,
          refused: [],
        };
      case 'team.disconnect':
        server.status = { ...server.status, connected: false, url: null, user: null, role: null };
        return server.status;
      default:
        throw new Error(`unexpected ${channel}`);
    }
  };
  const api: Api = {
    async call<K extends ChannelName>(channel: K, input: unknown): Promise<ChannelOutput<K>> {
      if (!channel.startsWith('team.')) return engine.api.call(channel, input as never);
      server.calls.push({ channel, input });
      const parsedInput = contract[channel].input.parse(input) as Record<string, unknown>;
      try {
        return contract[channel].output.parse(await answer(channel, parsedInput)) as ChannelOutput<K>;
      } catch (error) {
        throw error instanceof PressdeskError ? { code: error.code, message: error.message } : error;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  /** A live event as the engine sends it (checked against the contract). */
  const push = (pulled: number, live: { online?: boolean; error?: string | null } = {}): void => {
    const payload = contractEvents['team.onDidChange'].parse({
      status: server.status,
      online: live.online ?? true,
      pulled,
      conflicts: server.status.conflicts,
      error: live.error ?? null,
    });
    const event = { name: 'team.onDidChange', payload } as const;
    for (const listener of listeners) listener(event);
  };
  return { api, server, push, callsOf: (channel: string) => server.calls.filter((c) => c.channel === channel) };
}

export type JoinedTeam = ReturnType<typeof joinedApi>;
