import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { App } from '../../App';
import { initI18n } from '../../i18n';
import { appStore, resetAppStore, setApi } from '../../stores';
import { openTestEngine, type TestEngine } from '../../testing/engine';
import { joinedApi, type JoinedTeam } from '../../testing/teamServer';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

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

const section = (): HTMLElement => {
  const found = [...container.querySelectorAll('section')].find((s) => s.querySelector('h2')?.textContent === 'Team');
  if (!found) throw new Error('no team section');
  return found;
};

function buttonNamed(name: string, scope: ParentNode = section()): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

beforeEach(() => {
  initI18n('de');
  engine = openTestEngine();
  joined = joinedApi(engine);
  setApi(joined.api);
  resetAppStore();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

it('shows the team’s state while joined, follows the live events, and leaves after a confirmation', async () => {
  joined.server.status = { ...joined.server.status, pending: 2, user: 'anna', role: 'approver' };
  joined.server.colleagues = [
    { user: 'bernd', name: 'Bernd Berger', since: '2025-03-01T08:00:00.000Z' },
    { user: 'chef', name: 'Dr. Paula Prüferin', since: '2025-03-01T08:00:00.000Z' },
  ];
  await settle(() => {
    appStore.getState().navigate({ screen: 'settings' });
    root.render(<App />);
  });
  await settle();
  const text = () => section().textContent ?? '';
  expect(section().querySelector('code')?.textContent).toBe('postgresql://teamserver/presse');
  expect(text()).toContain('Angemeldet als anna (Freigabeberechtigt)');
  expect(text()).toContain('Verbunden');
  expect(text()).toContain('Gerade online: Bernd Berger, Dr. Paula Prüferin');
  expect(text()).toContain('Ausstehende Änderungen: 2');
  expect(text()).toContain('Konflikte: 0');
  // 08:00 UTC is 09:00 in Berlin.
  expect(text()).toMatch(/Zuletzt abgeglichen: .*09:00/);

  // The server goes away: the live event says so.
  joined.server.status = { ...joined.server.status, pending: 3 };
  await settle(() => joined.push(0, { online: false, error: 'TEAM_UNREACHABLE' }));
  expect(text()).toContain('Offline – Änderungen warten');
  expect(text()).toContain('Ausstehende Änderungen: 3');

  await settle(() => buttonNamed('Jetzt abgleichen').click());
  expect(text()).toContain('1 gesendet, 0 empfangen');

  await settle(() => buttonNamed('Trennen').click());
  const dialog = container.querySelector('dialog[open]');
  expect(dialog?.textContent).toContain('Vom Teamserver trennen?');
  await settle(() => buttonNamed('Trennen', dialog!).click());
  expect(joined.callsOf('team.disconnect')).toHaveLength(1);
  expect(section().querySelector('legend')?.textContent).toBe('Teamserver');
  expect(document.activeElement?.getAttribute('placeholder')).toBe('postgresql://server/datenbank');
});
