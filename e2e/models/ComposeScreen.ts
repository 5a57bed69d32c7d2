import { expect, type Locator, type Page } from '@playwright/test';

export interface ReleaseFieldValues {
  readonly topic?: string;
  readonly headline?: string;
  readonly subheadline?: string;
  readonly teaser?: string;
  readonly dateline?: string;
}

/** The compose screen (German interface): fields by label, the body by its textbox role. */
export class ComposeScreen {
  readonly main: Locator;
  readonly topic: Locator;
  readonly headline: Locator;
  readonly subheadline: Locator;
  readonly teaser: Locator;
  readonly dateline: Locator;
  readonly language: Locator;
  readonly body: Locator;
  readonly toolbar: Locator;
  readonly saveButton: Locator;
  readonly saveState: Locator;
  readonly backButton: Locator;
  readonly leaveDialog: Locator;
  /** The panel that shows both versions after a conflicting save. */
  readonly conflict: Locator;
  /** The offer to restore text kept from an earlier session. */
  readonly recoveryOffer: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole('main');
    this.topic = this.main.getByLabel('Thema', { exact: true });
    this.headline = this.main.getByLabel('Überschrift', { exact: true });
    this.subheadline = this.main.getByLabel('Unterzeile', { exact: true });
    this.teaser = this.main.getByLabel('Vorspann', { exact: true });
    this.dateline = this.main.getByLabel('Ortsmarke', { exact: true });
    this.language = this.main.getByLabel('Sprache der Meldung', { exact: true });
    this.body = this.main.getByRole('textbox', { name: 'Fließtext', exact: true });
    this.toolbar = this.main.getByRole('toolbar', { name: 'Formatierung' });
    this.saveButton = this.main.getByRole('button', { name: 'Speichern', exact: true });
    this.saveState = this.main.locator('.save-bar').getByRole('status');
    this.backButton = this.main.getByRole('button', { name: 'Zurück zum Archiv' });
    this.leaveDialog = page.getByRole('dialog', { name: 'Ungespeicherte Änderungen' });
    this.conflict = this.main.getByRole('region', { name: 'Zwei Fassungen dieser Meldung' });
    this.recoveryOffer = this.main.getByRole('alert').filter({ hasText: 'Nicht gespeicherter Text gefunden.' });
  }

  async expectVisible(): Promise<void> {
    await expect(this.headline).toBeVisible();
    await expect(this.body).toBeVisible();
  }

  tool(name: string): Locator {
    return this.toolbar.getByRole('button', { name, exact: true });
  }

  async fill(values: ReleaseFieldValues): Promise<void> {
    for (const [field, value] of Object.entries(values) as [keyof ReleaseFieldValues, string | undefined][]) {
      if (value !== undefined) await this[field].fill(value);
    }
  }

  async expectValues(values: ReleaseFieldValues): Promise<void> {
    for (const [field, value] of Object.entries(values) as [keyof ReleaseFieldValues, string | undefined][]) {
      if (value !== undefined) await expect(this[field], field).toHaveValue(value);
    }
  }

  /** Puts the caret at the end of the body. */
  async focusBodyEnd(): Promise<void> {
    await this.body.click();
    await this.page.keyboard.press('Control+End');
  }

  /** Saves with the keyboard, as press officers do. */
  async saveWithShortcut(): Promise<void> {
    await this.page.keyboard.press('Control+s');
  }

  async expectSaved(): Promise<void> {
    await expect(this.saveState).toContainText(/Gespeichert um \d{2}:\d{2}/);
  }
}
