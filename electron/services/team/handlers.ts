import type { HandlersOf } from '../../../shared/contract';
import type { teamChannels } from '../../../shared/contract/team';
import type { TeamService } from './teamService';

/** The team channels, served by the team service. */
export function teamHandlers(team: TeamService): HandlersOf<typeof teamChannels> {
  return {
    'team.status': () => team.status(),
    'team.connect': (input) => team.connect(input),
    'team.disconnect': () => team.disconnect(),
    'team.sync': ({ password }) => team.sync({ password }),
    'team.conflict': ({ id }) => team.conflictDetail(id),
    'team.resolve': ({ id, choice }) => team.resolve(id, choice),
    'team.editors': async ({ ids }) => ({ online: team.online(), items: await team.editors(ids) }),
    'team.online': async () => ({ online: team.online(), items: await team.colleaguesOnline() }),
    'team.setEditing': async ({ id }) => {
      await team.setEditing(id);
      return { ok: true as const };
    },
  };
}
