import { messageIdOf, retryDelayMs } from '../application/alert-sender';
import { matchingStatement } from './alerts.process-manager';

describe('matching saved searches', () => {
  it("puts many searches in one statement, each search's placeholders after the ones before it", () => {
    // Words with no synonyms (libs/classifier/data/sinonimos.es-MX.csv), so each stands for one placeholder.
    const statement = matchingStatement([{ q: 'zxqv' }, { procedureType: 'invitation', q: 'Qwzxé' }], 't-1');
    expect(statement?.params).toEqual(['t-1', '%zxqv%', 'invitation', '%qwzxe%']);
    expect(statement?.sql).toMatch(
      /^SELECT 0 AS i WHERE EXISTS .*\$2.* UNION ALL SELECT 1 AS i WHERE EXISTS .*\$3.*\$4/,
    );
    expect(statement?.sql.match(/t\.tender_id = \$1/g)).toHaveLength(2);
  });

  it('leaves out a search whose filters the public search refuses, and has no statement for none', () => {
    const statement = matchingStatement([{ minValue: 10, maxValue: 1 }, { q: 'sillas' }], 't-1');
    expect(statement?.sql).toMatch(/^SELECT 1 AS i /);
    expect(matchingStatement([{ minValue: 10, maxValue: 1 }], 't-1')).toBeNull();
  });
});

describe('sending', () => {
  it('waits twice as long after each failure, with jitter, never more than an hour', () => {
    expect(retryDelayMs(1, 30_000, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(3, 30_000, () => 0.5)).toBe(120_000);
    expect(retryDelayMs(3, 30_000, () => 0)).toBe(90_000);
    expect(retryDelayMs(30, 30_000, () => 1)).toBe(3_600_000);
    expect(retryDelayMs(30, 30_000, () => 0.5)).toBe(3_600_000);
  });

  it('gives every attempt at the same alert the same Message-ID', () => {
    expect(messageIdOf(['e-1|acc-1'])).toBe(messageIdOf(['e-1|acc-1']));
    expect(messageIdOf(['e-1|acc-1', 'e-2|acc-1'])).toBe(messageIdOf(['e-2|acc-1', 'e-1|acc-1']));
    expect(messageIdOf(['e-1|acc-1'])).not.toBe(messageIdOf(['e-1|acc-2']));
  });
});
