import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentNode } from '../../../../shared/document';
import { App } from '../../App';
import { initI18n } from '../../i18n';
import { appStore, resetAppStore, setApi } from '../../stores';
import { openTestEngine, type TestEngine } from '../../testing/engine';
import { joinedApi, type JoinedTeam } from '../../testing/teamServer';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const body = (text: string): DocumentNode => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

let engine: TestEngine;
let joined: JoinedTeam;
let container: HTMLDivElement;
let root: Root;

async function settle(action: () => void = () => undefined): Promise<void> {
  await act(async () => {
    action();
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  });
}

function buttonNamed(name: string): HTMLButtonElement {
  const found = [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

beforeEach(() => {
  initI18n('de');
  engine = openTestEngine();
  joined = joinedApi(engine);
  setApi(joined.api);
  localStorage.clear();
  resetAppStore();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('team mode in compose and the archive (joined)', () => {
  it('names the colleague who has the release open, in the header and on the archive row', async () => {
    const release = await engine.seed({ headline: 'Neue Kita in Ehrenfeld' });
    joined.server.editors = [
      { releaseId: release.id, user: 'anna', name: 'Anna Weber', since: '2025-03-01T09:00:00.000Z' },
    ];
    await settle(() => {
      appStore.getState().navigate({ screen: 'compose', releaseId: release.id });
      root.render(<App />);
    });
    await settle();
    const editorsLine = container.querySelector('.compose-head .team-editors');
    expect(editorsLine?.textContent).toContain('Anna Weber bearbeitet diese Meldung');
    expect(joined.callsOf('team.setEditing').map((c) => c.input)).toEqual([{ id: release.id }]);

    await settle(() => buttonNamed('← Zurück zum Archiv').click());
    await settle();
    // Leaving compose tells the team; the archive asks once for all releases.
    expect(joined.callsOf('team.setEditing').at(-1)?.input).toEqual({ id: null });
    expect(joined.callsOf('team.editors').filter((c) => JSON.stringify(c.input) === '{}')).toHaveLength(1);
    const row = [...container.querySelectorAll('button.release-row')].find((b) =>
      b.textContent?.includes('Neue Kita in Ehrenfeld'),
    );
    expect(row?.textContent).toContain('Anna Weber bearbeitet gerade');
  });

  it('shows a team conflict with both versions and takes the server’s version on request', async () => {
    const release = await engine.seed({ headline: 'Haushalt 2026', body: body('Entwurf der Kämmerei.') });
    joined.server.conflicts.set(release.id, {
      id: release.id,
      local: await engine.stored(release.id),
      server: {
        version: 3,
        updatedBy: 'anna',
        record: { headline: 'Haushalt 2026 beschlossen', body: body('Der Rat hat zugestimmt.') },
      },
    });
    joined.server.status = { ...joined.server.status, conflicts: 1 };
    await settle(() => {
      appStore.getState().navigate({ screen: 'compose', releaseId: release.id });
      root.render(<App />);
    });
    await settle();
    const panel = container.querySelector('section.team-conflict');
    expect(panel?.querySelector('h2')?.textContent).toBe(
      'Konflikt mit dem Teamserver: anna hat diese Meldung geändert',
    );
    const versions = [...(panel?.querySelectorAll('.conflict-text') ?? [])].map((p) => p.textContent);
    expect(versions).toEqual([
      'Haushalt 2026 beschlossen\n\nDer Rat hat zugestimmt.',
      'Haushalt 2026\n\nEntwurf der Kämmerei.',
    ]);
    expect(panel?.querySelector('del, ins')).not.toBeNull();

    await settle(() => buttonNamed('Fassung vom Server übernehmen').click());
    await settle();
    expect(container.querySelector('section.team-conflict')).toBeNull();
    expect(joined.callsOf('team.resolve').map((c) => c.input)).toEqual([{ id: release.id, choice: 'theirs' }]);
    expect(appStore.getState().compose.draft.headline).toBe('Haushalt 2026 beschlossen');
  });

  it('offers a colleague’s newer version when text typed here is unsaved, and loses nothing', async () => {
    const release = await engine.seed({ headline: 'Baustelle Domplatte' });
    await settle(() => {
      appStore.getState().navigate({ screen: 'compose', releaseId: release.id });
      root.render(<App />);
    });
    await settle(() => appStore.getState().setField('headline', 'Baustelle Domplatte: neue Termine'));
    await engine.editElsewhere(release.id, { headline: 'Baustelle Domplatte beendet' });
    await settle(() => joined.push(1));
    await settle();
    expect(buttonNamed('Neue Fassung vom Teamserver – neu laden')).toBeTruthy();
    expect(appStore.getState().compose.draft.headline).toBe('Baustelle Domplatte: neue Termine');
  });
});
