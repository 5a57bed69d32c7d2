// A sync in a process of its own, for the test that kills a workstation in
// the middle of a push: reports its progress on stdout ("push N") and syncs
// the data directory it is given with the password from the environment.
import { engineInternals } from '../testing/internals';
import { openWorkstation } from '../workstation';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: syncOnce DATA_DIR');
const ws = openWorkstation({ dataDir, host: 'cli', teamPassword: () => process.env.PRESSDESK_TEAM_PASSWORD });
void engineInternals(ws)
  .team.sync({ onProgress: ({ phase, done }) => process.stdout.write(`${phase} ${done}\n`) })
  .then((result) => {
    process.stdout.write(`done ${result.pushed}\n`);
    ws.close();
  });
