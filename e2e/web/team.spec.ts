import { startPgCluster } from '../../electron/services/testing/pgCluster';
import { addTeamUser, initServer } from '../../electron/services/team/server/server';
import { expectNoSeriousAxeViolations } from '../fixtures/axe';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';

// The app's strict CSP would refuse the injected axe-core script; nothing else differs.
test.use({ bypassCSP: true });

test('Settings → Team: the form to join a team server, its errors in German, the workstation stays on its own', async ({
  page,
  host,
}, testInfo) => {
  const running = await host();
  await new ArchiveScreen(page).open(running.url);
  await page.getByRole('navigation').getByRole('button', { name: 'Einstellungen', exact: true }).click();
  const main = page.locator('main');
  const team = main.getByRole('region', { name: 'Team', exact: true });
  await expect(team.getByRole('group', { name: 'Teamserver' })).toBeVisible();

  const address = team.getByLabel('Adresse');
  const password = team.getByLabel('Passwort');
  await address.fill('http://server/presse');
  await team.getByLabel('Benutzername').fill('anna');
  await password.fill('geheim');
  await team.getByRole('button', { name: 'Verbinden' }).click();
  await expect(team.getByRole('alert')).toContainText('keine postgresql://-Adresse');
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await expectNoSeriousAxeViolations(page, testInfo, 'settings: team error');

  // Nothing listens on port 1: the server does not answer; the workstation stays on its own.
  await address.fill('postgresql://127.0.0.1:1/presse');
  await address.press('Enter');
  await expect(team.getByRole('alert')).toContainText('Der Teamserver antwortet nicht');
  await expect(team.getByRole('button', { name: 'Verbinden' })).toBeVisible();
});

test('joins a real team server: the state shows live, sync now, and leaving after a confirmation', async ({
  page,
  host,
}, testInfo) => {
  test.setTimeout(120_000);
  const cluster = await startPgCluster();
  try {
    cluster.psql('CREATE DATABASE presse');
    await initServer({ url: cluster.url('presse') });
    await addTeamUser(
      { url: cluster.url('presse') },
      { login: 'anna', role: 'author', password: 'Anna-Passwort-1', displayName: 'Anna Weber' },
    );

    const running = await host();
    await new ArchiveScreen(page).open(running.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Einstellungen', exact: true }).click();
    const team = page.locator('main').getByRole('region', { name: 'Team', exact: true });
    await team.getByLabel('Adresse').fill(`postgresql://127.0.0.1:${cluster.port}/presse`);
    await team.getByLabel('Benutzername').fill('anna');
    await team.getByLabel('Passwort').fill('Anna-Passwort-1');
    await team.getByRole('button', { name: 'Verbinden' }).click();

    await expect(team.getByText('Angemeldet als anna (Autorin/Autor)')).toBeVisible();
    // The engine's live connection reports itself through the page's event stream.
    await expect(team.getByText('Verbunden', { exact: true })).toBeVisible();
    await expect(team.getByText('Zuletzt abgeglichen:')).toBeVisible();
    await expect(team.getByText('Ausstehende Änderungen: 0')).toBeVisible();
    await team.getByRole('button', { name: 'Jetzt abgleichen' }).click();
    await expect(team.getByRole('status').filter({ hasText: 'Abgeglichen: 0 gesendet' })).toBeVisible();
    await expectNoSeriousAxeViolations(page, testInfo, 'settings: team joined');

    await team.getByRole('button', { name: 'Trennen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vom Teamserver trennen?' });
    await dialog.getByRole('button', { name: 'Trennen' }).click();
    await expect(team.getByRole('group', { name: 'Teamserver' })).toBeVisible();
    await expect(team.getByLabel('Adresse')).toBeFocused();
  } finally {
    cluster.remove();
  }
});
