import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { searchAtom, tenderAtom, type AtomTender } from './atom';
import type { CalendarDate } from './calendar';
import { calendarWindow, filterQuery } from './feed-parameters';
import { calendarIcs } from './ical';

const PUBLIC_URL = 'https://compras.example.gob.mx';
const context = { publicUrl: PUBLIC_URL, selfUrl: `${PUBLIC_URL}/api/feeds/tenders.atom`, language: 'es' as const };
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' });

const aTender = (overrides: Partial<AtomTender> = {}): AtomTender => ({
  tenderId: 't-1',
  number: 'LA-UC1-1-2026',
  title: 'Sillas & mesas <ergonómicas>',
  status: 'active.tendering',
  procedureType: 'public_national',
  buyingUnitName: 'Unidad <Central>',
  value: { amount: 123_456, currency: 'MXN' },
  publishedAt: '2026-03-02T16:00:00.000Z',
  dateModified: '2026-03-03T16:00:00.000Z',
  ...overrides,
});

const aDate = (overrides: Partial<CalendarDate> = {}): CalendarDate => ({
  id: 't-1/submission_deadline',
  tenderId: 't-1',
  number: 'LA-UC1-1-2026',
  title: 'Sillas, mesas; y escritorios',
  buyingUnit: { id: 'u-1', name: 'Unidad Central' },
  kind: 'submission_deadline',
  lotId: null,
  startsAt: '2026-03-20T16:00:00.000Z',
  endsAt: null,
  sequence: 2,
  cancelled: false,
  updatedAt: '2026-03-18T16:00:00.000Z',
  ...overrides,
});

describe('Atom', () => {
  it('keeps markup in titles as text, and dates the feed by its latest entry', () => {
    const { feed } = xml.parse(
      searchAtom(
        [aTender(), aTender({ tenderId: 't-2', dateModified: '2026-03-05T00:00:00.000Z' })],
        'q=sillas',
        context,
      ),
    );
    expect(feed.updated).toBe('2026-03-05T00:00:00.000Z');
    expect(feed.id).toBe('tag:compras.example.gob.mx,2026:tenders?q=sillas');
    expect(feed.entry[0].title['#text']).toBe('LA-UC1-1-2026 · Sillas &amp; mesas &lt;ergonómicas&gt;');
    expect(feed.entry[0].summary['#text']).toContain('$1,234.56 MXN');
  });

  it('writes the same bytes for the same data (no clock in it), the epoch for an empty feed', () => {
    expect(searchAtom([aTender()], '', context)).toBe(searchAtom([aTender()], '', context));
    expect(xml.parse(tenderAtom({ tenderId: 't-1', number: null, title: 'X' }, [], context)).feed.updated).toBe(
      '1970-01-01T00:00:00.000Z',
    );
  });
});

describe('iCalendar', () => {
  const events = (text: string) =>
    new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));

  it('escapes text, keeps the UID and SEQUENCE, and dates DTSTAMP by the last change', () => {
    const text = calendarIcs([aDate()], { publicUrl: PUBLIC_URL, name: 'Calendario', language: 'es' });
    const [event] = events(text);
    expect(event.uid).toBe('t-1/submission_deadline@compras.example.gob.mx');
    expect(event.sequence).toBe(2);
    expect(event.summary).toBe('Fecha límite para presentar propuestas — LA-UC1-1-2026 · Sillas, mesas; y escritorios');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-03-20T16:00:00.000Z');
    expect(text).toContain('DTSTAMP:20260318T160000Z');
    expect(text).toContain('STATUS:CONFIRMED');
  });

  it('marks a cancelled date CANCELLED, in the language asked for', () => {
    const text = calendarIcs([aDate({ cancelled: true })], { publicUrl: PUBLIC_URL, name: 'C', language: 'en' });
    expect(text).toContain('STATUS:CANCELLED');
    expect(events(text)[0].summary).toMatch(/^CANCELLED: Proposal submission deadline/);
  });
});

describe('the feeds’ parameters', () => {
  it('make one canonical query of a search, whatever the order', () =>
    expect(filterQuery({ q: 'sillas', status: 'awarded', buyingUnitId: undefined, minValue: 0 })).toBe(
      'minValue=0&q=sillas&status=awarded',
    ));

  it('refuse a calendar window that ends before it starts or spans more than 400 days', () => {
    const defaults = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    const refusal = (from: string, to: string) => {
      try {
        calendarWindow(from, to, defaults);
      } catch (error) {
        return (error as { getResponse(): { code: string } }).getResponse().code;
      }
    };
    expect(calendarWindow('2026-05-01T00:00:00Z', undefined, defaults).to.toISOString()).toBe(
      '2026-06-01T00:00:00.000Z',
    );
    expect(refusal('2026-05-01T00:00:00Z', '2026-04-01T00:00:00Z')).toBe('calendar.invalid_range');
    expect(refusal('2026-01-01T00:00:00Z', '2027-03-01T00:00:00Z')).toBe('calendar.invalid_range');
    expect(refusal('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toBeUndefined();
  });
});
