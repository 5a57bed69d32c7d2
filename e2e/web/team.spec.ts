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
