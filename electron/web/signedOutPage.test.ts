import { describe, expect, it } from 'vitest';
import { pageLanguage, signedOutPage, wantsPage } from './signedOutPage';

describe('the signed-out page', () => {
  it('picks German or English by Accept-Language, German first', () => {
    expect(pageLanguage(undefined)).toBe('de');
    expect(pageLanguage('')).toBe('de');
    expect(pageLanguage('en-US,en;q=0.9')).toBe('en');
    expect(pageLanguage('fr-FR,fr;q=0.9,en;q=0.8,de;q=0.7')).toBe('en');
    expect(pageLanguage('de;q=0.5,en;q=0.9')).toBe('en');
    expect(pageLanguage('en;q=0,de;q=0.1')).toBe('de');
    expect(pageLanguage('en;q=0.5,de;q=0.5')).toBe('en');
    expect(pageLanguage('ja')).toBe('de');
    expect(pageLanguage(';;;,q=,en;q=abc')).toBe('de');
    expect(pageLanguage('x'.repeat(100_000))).toBe('de');
  });

  it('is for page requests only', () => {
    expect(wantsPage('GET', '/', 'text/html,*/*;q=0.8')).toBe(true);
    expect(wantsPage('HEAD', '/compose', 'text/html')).toBe(true);
    expect(wantsPage('GET', '/index.html', 'text/html')).toBe(true);
    expect(wantsPage('GET', '/', undefined)).toBe(false);
    expect(wantsPage('GET', '/', '*/*')).toBe(false);
    expect(wantsPage('GET', '/', 'application/json')).toBe(false);
    expect(wantsPage('POST', '/', 'text/html')).toBe(false);
    expect(wantsPage('GET', '/api/releases.list', 'text/html')).toBe(false);
    expect(wantsPage('GET', '/events', 'text/html')).toBe(false);
    expect(wantsPage('GET', '/asset/thumb/x', 'text/html')).toBe(false);
    expect(wantsPage('GET', '/assets/app.js', 'text/html')).toBe(false);
  });

  it('says in both languages that web mode started again and which address to open', () => {
    for (const lang of ['de', 'en'] as const) {
      const html = signedOutPage(lang);
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain('npm run web');
      expect(html).not.toMatch(/<script|<style|\sstyle=/i);
    }
    expect(signedOutPage('de')).toContain('Der Web-Modus wurde neu gestartet');
    expect(signedOutPage('en')).toContain('Web mode was restarted');
  });
});
