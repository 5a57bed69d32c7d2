import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export interface ReleaseFieldValues {
  readonly topic?: string;
  readonly headline?: string;
  readonly subheadline?: string;
  readonly teaser?: string;
  readonly dateline?: string;
}

export interface FigureFieldLocators {
  readonly caption: Locator;
  readonly creditPrefix: Locator;
  readonly creditHolder: Locator;
  readonly alt: Locator;
  readonly decorative: Locator;
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

  /** The lead image (Aufmacherbild) section. */
  readonly leadImage: Locator;
  /** The figures placed in the body. */
  readonly figures: Locator;
  /** The screen's notice area (errors of actions such as a refused image). */
  readonly notice: Locator;
  readonly exportPanel: Locator;

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
    this.leadImage = this.main.getByRole('region', { name: 'Aufmacherbild', exact: true });
    this.figures = this.body.locator('.figure-node');
    this.notice = this.main.locator('.notice-region');
    this.exportPanel = this.main.getByRole('region', { name: 'Export', exact: true });
  }

  /** Picks an image file with the toolbar's "Bild einfügen" button. */
  async insertImageFromToolbar(file: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.tool('Bild einfügen').click();
    await (await chooser).setFiles(file);
  }

  /** Drops an image file onto the body, as from the file manager. */
  async dropImageIntoBody(file: string, mime = 'image/jpeg'): Promise<void> {
    const bytes = [...readFileSync(file)];
    const target = this.body;
    const box = await target.boundingBox();
    if (!box) throw new Error('body not visible');
    await target.evaluate(
      (el, { bytes, name, mime, x, y }) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], name, { type: mime }));
        const init = { dataTransfer: data, bubbles: true, cancelable: true, clientX: x, clientY: y };
        el.dispatchEvent(new DragEvent('dragenter', init));
        el.dispatchEvent(new DragEvent('dragover', init));
        el.dispatchEvent(new DragEvent('drop', init));
      },
      { bytes, name: basename(file), mime, x: box.x + 20, y: box.y + box.height - 10 },
    );
  }

  /** Pastes an image file into the body, as after copying it in the file manager. */
  async pasteImageIntoBody(file: string, mime = 'image/jpeg'): Promise<void> {
    const bytes = [...readFileSync(file)];
    await this.body.evaluate(
      (el, { bytes, name, mime }) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], name, { type: mime }));
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      { bytes, name: basename(file), mime },
    );
  }

  /** Picks the lead image with its own file picker. */
  async pickLeadImage(file: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.leadImage.getByRole('button', { name: /Bild wählen …$/ }).click();
    await (await chooser).setFiles(file);
  }

  /** The fields of a figure (in the body) or of the lead image section. */
  figureFields(scope: Locator): FigureFieldLocators {
    return {
      caption: scope.getByLabel('Bildunterschrift', { exact: true }),
      creditPrefix: scope.getByLabel('Art des Nachweises', { exact: true }),
      creditHolder: scope.getByLabel('Rechteinhaber', { exact: true }),
      alt: scope.getByLabel('Alternativtext (beschreibt, was zu sehen ist)', { exact: true }),
      decorative: scope.getByLabel('Dekoratives Bild (kein Alternativtext)', { exact: true }),
    };
  }

  /** Opens the media library from the toolbar. */
  async openMediaLibrary(): Promise<Locator> {
    await this.tool('Mediathek').click();
    const dialog = this.page.getByRole('dialog', { name: 'Mediathek' });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** After a reload or restart: the release that was open is open again, loaded from the engine. */
  async expectReopened(headline: string): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText('Meldung bearbeiten');
    await expect(this.headline).toHaveValue(headline);
    await expect(this.saveState).toContainText('Zuletzt geändert am');
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
