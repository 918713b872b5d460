import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';

/** What someone typed over several lines comes back exactly, however often the form is saved. */
describe('multi-line text in forms', () => {
  const app = useTestApp();
  it('puts a multi-line description back into the textarea unchanged', async () => {
    const agent = await loginAs(app, (await createEmployer(app)).email);
    const description = 'Erste Zeile der Beschreibung.\nZweite Zeile, eingerückt nicht.\n\nDritter Absatz.';
    const id = await postVacancy(agent, { description }, false);
    const form = await agent.get(`/employer/vacancies/${id}`);
    const textarea = /<textarea[^>]*name="description"[^>]*>([\s\S]*?)<\/textarea>/.exec(form.text);
    expect(textarea?.[1]).toBe(description);
  });
});
