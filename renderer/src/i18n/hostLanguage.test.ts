import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { followUiLanguage } from './hostLanguage';
import { resources } from './index';

async function instance(lng: string) {
  const i18n = i18next.createInstance();
  await i18n.init({ resources, lng, fallbackLng: 'de', supportedLngs: ['de', 'en'], initAsync: false });
  return i18n;
}

describe('followUiLanguage', () => {
  it('reports the language at once and after each change, once per language', async () => {
    const i18n = await instance('de');
    const reported: string[] = [];
    const stop = followUiLanguage(i18n, (l) => reported.push(l));
    expect(reported).toEqual(['de']);
    await i18n.changeLanguage('en');
    await i18n.changeLanguage('en');
    await i18n.changeLanguage('de');
    expect(reported).toEqual(['de', 'en', 'de']);
    stop();
    await i18n.changeLanguage('en');
    expect(reported).toEqual(['de', 'en', 'de']);
  });

  it('reports regional variants as their interface language and ignores others', async () => {
    const i18n = await instance('en-GB');
    const reported: string[] = [];
    followUiLanguage(i18n, (l) => reported.push(l));
    await i18n.changeLanguage('fr');
    await i18n.changeLanguage('de-AT');
    expect(reported).toEqual(['en', 'de']);
  });
});
