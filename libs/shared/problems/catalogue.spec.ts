import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_CATALOGUE, type ProblemCodeEntry } from './catalogue';
import { messageParameters, problemLanguage, problemMessage } from './problem-messages';

const entries = Object.entries<ProblemCodeEntry>(PROBLEM_CATALOGUE);

describe('the catalogue of problem codes', () => {
  it.each(entries)('%s has a 4xx/5xx status and a Spanish and an English message', (code, entry) => {
    expect(code).toMatch(/^([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*|internal)$/);
    for (const status of [entry.status, ...(entry.alsoStatus ?? [])]) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
    expect(entry.es.trim()).not.toBe('');
    expect(entry.en.trim()).not.toBe('');
    expect(messageParameters(entry.es).sort()).toEqual(messageParameters(entry.en).sort());
    for (const part of Object.values(entry.parts ?? {})) {
      expect(part.es.trim()).not.toBe('');
      expect(messageParameters(part.es).sort()).toEqual(messageParameters(part.en).sort());
    }
    if (entry.replacedBy) expect(Object.keys(PROBLEM_CATALOGUE)).toContain(entry.replacedBy);
  });

  it('is the table of the README section "Error codes" (npm run docs:problem-codes)', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('<!-- problem-codes:start -->'),
      readme.indexOf('<!-- problem-codes:end -->'),
    );
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /, '')));
    expect(rows.map(([code, status, es, en]) => [code, Number(status), es, en])).toEqual(
      entries.map(([code, entry]) => [`\`${code}\``, entry.status, entry.es, entry.en]),
    );
  });
});

describe('messages', () => {
  it.each([
    [undefined, 'es'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['fr-FR, en;q=0.5', 'en'],
    ['de', 'es'],
    ['es;q=0.3, en;q=0.7', 'en'],
    ['en-GB;q=0.8, es-MX;q=0.8', 'en'],
    ['es-MX;q=0.8, en;q=0.8', 'es'],
    ['en;q=0', 'es'],
    ['en;q=abc, es;q=0.1', 'es'],
    ['*', 'es'],
    ['', 'es'],
    ['EN-us', 'en'],
  ])('Accept-Language %s reads as %s', (header, language) => expect(problemLanguage(header)).toBe(language));

  it('fills named parameters from the details and leaves a missing one as written', () => {
    expect(problemMessage('tender.not_found', 'en')).toBe('We could not find that tender.');
    expect(problemMessage('no.such_code', 'es')).toBeUndefined();
    expect(problemMessage('rfc.invalid', 'es', { part: 'date' })).toBe(
      'El RFC no es válido: revisa la fecha (AAMMDD).',
    );
    expect(problemMessage('rfc.invalid', 'en', { part: 'unknown' })).toBe('The RFC (tax id) is not valid.');
  });
});
