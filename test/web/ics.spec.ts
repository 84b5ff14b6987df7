import { countdown, icsCalendar, icsTime } from '../../apps/web/src/ics';

describe('auction reminders as iCalendar', () => {
  const event = {
    uid: 'auction-1@licita',
    title: 'Subasta: Computadoras, partida lot-1',
    startsAt: '2026-03-20T17:00:00.000Z',
    endsAt: '2026-03-20T17:10:00.000Z',
    url: 'https://licita.example.mx/subastas/auction-1',
    description: 'Entra a la sala; puja; el precio más bajo gana.',
  };

  it('writes UTC times without separators', () => {
    expect(icsTime('2026-03-20T17:00:00.000Z')).toBe('20260320T170000Z');
  });

  it('writes one VEVENT per auction with its times, link, escaped text and an alarm, in CRLF lines', () => {
    const ics = icsCalendar([event], '2026-03-10T12:00:00.000Z');
    const lines = ics.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toEqual(
      expect.arrayContaining([
        'BEGIN:VEVENT',
        'UID:auction-1@licita',
        'DTSTAMP:20260310T120000Z',
        'DTSTART:20260320T170000Z',
        'DTEND:20260320T171000Z',
        'SUMMARY:Subasta: Computadoras\\, partida lot-1',
        'DESCRIPTION:Entra a la sala\\; puja\\; el precio más bajo gana.',
        'TRIGGER:-PT15M',
        'END:VEVENT',
        'END:VCALENDAR',
      ]),
    );
    expect(ics.endsWith('\r\n')).toBe(true);
  });

  it('folds lines longer than 75 octets', () => {
    const ics = icsCalendar([{ ...event, title: 'á'.repeat(60) }], '2026-03-10T12:00:00.000Z');
    const summary = ics.split('\r\n').findIndex((line) => line.startsWith('SUMMARY:'));
    const lines = ics.split('\r\n');
    expect(new TextEncoder().encode(lines[summary]).length).toBeLessThanOrEqual(75);
    expect(lines[summary + 1].startsWith(' ')).toBe(true);
    expect(lines[summary].slice(8) + lines[summary + 1].slice(1)).toBe('á'.repeat(60));
  });

  it('counts down in days, hours, minutes and seconds; nothing once started', () => {
    expect(countdown(((2 * 24 + 3) * 3600 + 5 * 60 + 7) * 1000)).toEqual({ days: 2, hours: 3, minutes: 5, seconds: 7 });
    expect(countdown(0)).toBeNull();
  });
});
