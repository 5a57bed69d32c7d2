import { expect, type Locator, type Page } from '@playwright/test';

/** The archive screen (German interface), found by roles and names as a user would. */
export class ArchiveScreen {
  readonly heading: Locator;
  readonly newReleaseButton: Locator;
  readonly list: Locator;
  readonly emptyState: Locator;
  readonly search: Locator;
  readonly sort: Locator;
  readonly importStatus: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Archiv', exact: true });
    this.newReleaseButton = page.getByRole('main').getByRole('button', { name: 'Neue Meldung', exact: true });
    this.list = page.getByRole('list', { name: 'Meldungen', exact: true });
    this.emptyState = page.getByRole('heading', { name: 'Noch keine Meldungen' });
    this.search = page.getByRole('searchbox', { name: 'Archiv durchsuchen' });
    this.sort = page.getByRole('combobox', { name: 'Sortieren' });
    this.importStatus = page.getByRole('region', { name: 'Import' }).getByRole('status');
  }

  /** Opens the app at a host's URL (which signs in with its token) and waits for the archive. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.expectVisible();
  }

  async expectVisible(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.page.getByText('Das Archiv wird geladen')).toHaveCount(0);
  }

  /** The row of a release; its accessible name contains the headline. */
  release(headline: string): Locator {
    // Starts with the headline (the "similar releases" button of a row names it later in its label).
    const escaped = headline.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.list.getByRole('button', { name: new RegExp(`^${escaped}`) });
  }

  async openRelease(headline: string): Promise<void> {
    await this.release(headline).click();
  }

  /** Picks a folder in the folder import (the browser uploads its files). */
  async importFolder(path: string): Promise<void> {
    await this.page.locator('input[type="file"][webkitdirectory]').setInputFiles(path);
  }

  /** A filter button of the facet group (Thema, Status, Jahr, Schlagwort) with this value. */
  facet(group: string, value: string): Locator {
    return this.page
      .getByRole('complementary', { name: 'Filter' })
      .getByRole('region', { name: group })
      .getByRole('button', { name: new RegExp(`^${value}\\b`) });
  }

  /** The highlighted words in the visible results. */
  highlights(): Locator {
    return this.list.locator('mark');
  }

  async newRelease(): Promise<void> {
    await this.newReleaseButton.click();
  }
}
