import { describe, expect, it } from 'vitest';
import { useTestApp, buildTestApp } from '../helpers/app.ts';

describe('the accessibility statement, imprint and privacy notice', () => {
  const app = useTestApp();

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('are linked from the footer of every page', async () => {
    const home = await get('/');
    for (const path of ['/accessibility', '/imprint', '/privacy']) expect(home.body).toContain(`href="${path}"`);
  });

  it('states the accessibility status, the gaps, how it was tested, the date, a feedback contact and the arbitration board', async () => {
    const page = await get('/accessibility');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<h1>Erklärung zur Barrierefreiheit<\/h1>/);
    for (const fact of [
      'BITV 2.0',
      'teilweise barrierefrei',
      'Deutsch, Englisch, Ukrainisch, Russisch, Arabisch und Persisch',
      'Tabelle neben dem Diagramm',
      'axe-core',
      'Chromium',
      'nur mit der Tastatur',
      '23. November 2026',
      'barrierefreiheit@example.org',
      '(Beispiel)',
      'Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz',
      'Mauerstraße 53',
    ]) {
      expect(page.body, fact).toContain(fact);
    }
  });

  it('names the provider in the imprint with placeholders marked as examples', async () => {
    const page = await get('/imprint');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<h1>Impressum<\/h1>/);
    expect(page.body).toContain('Muster-Träger e. V. (Beispiel)');
    expect(page.body).toContain('kontakt@example.org');
    expect(page.body).toContain('GeoNames');
  });

  it('explains in the privacy notice what is stored, for how long and who sees it', async () => {
    const page = await get('/privacy');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<h1>Datenschutzerklärung<\/h1>/);
    for (const fact of [
      '24 Monate nach dem Schließen',
      '14 Tage',
      'jb_lang',
      'keinen Namen, keine Kontaktdaten, kein Geburtsdatum, keine Adresse und keine Staatsangehörigkeit',
      'Wir messen nicht',
      'nur eine anonyme Karte',
      'nur zusammengezählte Zahlen',
      'Art. 6 Abs. 1',
      'eigenen Servern',
      'GeoNames',
      'CC BY 4.0',
      'href="/employer/account/delete"',
      'Das Protokoll bleibt gespeichert',
    ]) {
      expect(page.body, fact).toContain(fact);
    }
  });

  it('speak English too', async () => {
    expect((await get('/accessibility?lang=en')).body).toContain('The portal is partially compliant.');
    expect((await get('/imprint?lang=en')).body).toContain('(example)');
    expect((await get('/privacy?lang=en')).body).toContain('24 months after they were closed');
  });

  it('state the retention period the app is configured with', async () => {
    const other = await buildTestApp({ config: { retentionMonths: 36 } });
    try {
      const page = await other.inject({ method: 'GET', url: '/privacy' });
      expect(page.body).toContain('36 Monate nach dem Schließen');
    } finally {
      await other.close();
    }
  });
});
