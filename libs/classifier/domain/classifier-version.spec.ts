import { DomainError } from '@licita/shared';
import { thrownBy } from '../../../test/support/decider-spec';
import { aCode, aSmallVersion } from './classifier.scenarios';
import { checkClassifierVersion, classifierStream, type ClassifierVersion } from './classifier-version';

const problemsOf = (version: ClassifierVersion): string[] => {
  const error = thrownBy(() => checkClassifierVersion(version));
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ code: 'classifier.invalid_version' });
  return (error as DomainError).details!.problems as string[];
};

describe('checking a classifier version', () => {
  it('puts every parent before its children, keeping the file order within a depth', () => {
    const version = aSmallVersion({
      codes: [aCode('111', '11'), aCode('20', null), aCode('11', '10'), aCode('10', null)],
    });
    expect(checkClassifierVersion(version).codes.map((entry) => entry.code)).toEqual(['20', '10', '11', '111']);
  });

  it('normalizes codes and text: trimmed, upper case, single spaces, empty descriptions as null', () => {
    const version = aSmallVersion({
      codes: [aCode(' ab-1 ', null, { description: { es: '  Obras   públicas ', en: '' }, level: ' division ' })],
    });
    expect(checkClassifierVersion(version).codes).toEqual([
      aCode('AB-1', null, { description: { es: 'Obras públicas', en: null } }),
    ]);
  });

  it('names a parent that is not in the version', () =>
    expect(problemsOf(aSmallVersion({ codes: [aCode('11', '10')] }))).toEqual(['11: parent 10 is not in the version']));

  it('names a loop of parents', () => {
    const problems = problemsOf(aSmallVersion({ codes: [aCode('10', '12'), aCode('11', '10'), aCode('12', '11')] }));
    expect(problems[0]).toMatch(/its parents loop back/);
  });

  it('names duplicates, bad categories, missing levels and descriptions, and malformed codes', () => {
    const problems = problemsOf(
      aSmallVersion({
        codes: [
          aCode('10', null),
          aCode('10', null),
          aCode('11', '10', { category: 'stuff' as never }),
          aCode('12', '10', { level: '' }),
          aCode('13', '10', { description: { es: null, en: ' ' } }),
          aCode('1 4', '10'),
        ],
      }),
    );
    expect(problems).toEqual([
      '10 appears twice',
      '11: category "stuff" is not one of goods, services, works',
      '12 has no level',
      '13 has no description',
      '"1 4" is not a code (digits, capitals, . and -; at most 32)',
    ]);
  });

  it('refuses a version without codes or with a bad scheme name', () => {
    expect(problemsOf(aSmallVersion({ scheme: 'C P V', codes: [] }))).toEqual([
      'scheme "C P V" is not a name (letters, digits, _; at most 32)',
      'a version has at least one code',
    ]);
  });

  it('names the stream after scheme and version, in lower case', () =>
    expect(classifierStream('CUCoP', 'Classic')).toBe('classifier-cucop-classic'));
});
