import { describe, expect, it } from 'vitest';
import type { Weekday, WorkTime } from '../../src/accounts/config.ts';
import type { WorkCalendar } from '../../src/routing/schema.ts';
import { isWorkingTime, nextOpening } from '../../src/routing/working-hours.ts';

// Working hours (spec 01 §8.6): weekly plans in several zones, midnight, boundaries, DST, statutory days.

type Plan = Partial<Record<Weekday, Array<[string, string]>>>;

function workTime(mode: WorkTime['mode'], timeZone: string, plan: Plan): WorkTime {
  const periods = Object.entries(plan).map(([day, ranges]) => ({ day: day as Weekday, ranges: ranges!.map(([start, end]) => ({ start, end })) }));
  return { mode, timeZone, periods };
}

const NO_CALENDAR: WorkCalendar = { holidays: [], workdays: [] };
const at = (iso: string) => new Date(iso);
const open = (w: WorkTime, iso: string, calendar = NO_CALENDAR) => isWorkingTime(w, calendar, at(iso));

/** Minutes of a UTC span that are working time: shows how long a range really lasts on a DST day. */
function openMinutes(w: WorkTime, fromIso: string, hours: number): number {
  let count = 0;
  for (let m = 0; m < hours * 60; m++) if (isWorkingTime(w, NO_CALENDAR, new Date(Date.parse(fromIso) + m * 60_000))) count++;
  return count;
}

// 2026-03-02 is a Monday; 2026-03-01 a Sunday.
describe('weekly plan: the local date and time decide, not UTC', () => {
  it('Asia/Shanghai (UTC+8): a UTC Sunday evening is Monday morning', () => {
    const w = workTime('weekly', 'Asia/Shanghai', { Monday: [['07:00', '09:00']] });
    expect(open(w, '2026-03-01T23:30:00Z')).toBe(true); // Monday 07:30
    expect(open(w, '2026-03-01T22:59:00Z')).toBe(false); // Monday 06:59
    expect(open(w, '2026-03-02T01:00:00Z')).toBe(false); // Monday 09:00
    expect(open(w, '2026-03-02T07:30:00Z')).toBe(false); // Monday 07:30 UTC is 15:30 there
  });

  it('America/New_York (UTC−5): a UTC Tuesday night is still Monday evening', () => {
    const w = workTime('weekly', 'America/New_York', { Monday: [['20:00', '24:00']] });
    expect(open(w, '2026-03-03T02:00:00Z')).toBe(true); // Monday 21:00
    expect(open(w, '2026-03-03T04:59:59Z')).toBe(true); // Monday 23:59:59
    expect(open(w, '2026-03-03T05:00:00Z')).toBe(false); // Tuesday 00:00
    expect(open(w, '2026-03-02T21:00:00Z')).toBe(false); // Monday 16:00
  });

  it('Europe/Berlin (UTC+1): a UTC Monday 23:30 is Tuesday 00:30', () => {
    const w = workTime('weekly', 'Europe/Berlin', { Monday: [['23:00', '24:00']], Tuesday: [['00:00', '01:00']] });
    expect(open(w, '2026-03-02T23:30:00Z')).toBe(true); // Tuesday 00:30
    expect(open(w, '2026-03-03T00:00:00Z')).toBe(false); // Tuesday 01:00
    expect(open(w, '2026-03-02T22:00:00Z')).toBe(true); // Monday 23:00
    expect(open(w, '2026-03-02T21:59:00Z')).toBe(false); // Monday 22:59
  });

  it('Asia/Kolkata (UTC+5:30): the half-hour offset counts to the minute', () => {
    const w = workTime('weekly', 'Asia/Kolkata', { Monday: [['00:00', '00:30']] });
    expect(open(w, '2026-03-01T18:29:00Z')).toBe(false); // Sunday 23:59
    expect(open(w, '2026-03-01T18:30:00Z')).toBe(true); // Monday 00:00
    expect(open(w, '2026-03-01T18:59:59Z')).toBe(true); // Monday 00:29:59
    expect(open(w, '2026-03-01T19:00:00Z')).toBe(false); // Monday 00:30
  });

  it('Pacific/Auckland (UTC+13 in March): Monday office hours fall on the UTC Sunday', () => {
    const w = workTime('weekly', 'Pacific/Auckland', { Monday: [['09:00', '17:00']] });
    expect(open(w, '2026-03-01T19:59:00Z')).toBe(false); // Monday 08:59
    expect(open(w, '2026-03-01T20:00:00Z')).toBe(true); // Monday 09:00
    expect(open(w, '2026-03-02T03:59:00Z')).toBe(true); // Monday 16:59
    expect(open(w, '2026-03-02T04:00:00Z')).toBe(false); // Monday 17:00
    expect(open(w, '2026-03-02T20:00:00Z')).toBe(false); // Tuesday 09:00: no Tuesday plan
  });

  it('the same instant is open in one zone and closed in another', () => {
    const plan: Plan = { Monday: [['09:00', '18:00']] };
    expect(open(workTime('weekly', 'Asia/Shanghai', plan), '2026-03-02T02:00:00Z')).toBe(true);
    expect(open(workTime('weekly', 'America/New_York', plan), '2026-03-02T02:00:00Z')).toBe(false);
  });
});

describe('weekly plan: ranges and boundaries', () => {
  const shanghai = (plan: Plan) => workTime('weekly', 'Asia/Shanghai', plan);

  it('a night shift across midnight as Monday 22:00–24:00 plus Tuesday 00:00–06:00', () => {
    const w = shanghai({ Monday: [['22:00', '24:00']], Tuesday: [['00:00', '06:00']] });
    expect(open(w, '2026-03-02T13:59:00Z')).toBe(false); // Monday 21:59
    expect(open(w, '2026-03-02T14:00:00Z')).toBe(true); // Monday 22:00
    expect(open(w, '2026-03-02T15:59:59.999Z')).toBe(true); // Monday 23:59:59.999
    expect(open(w, '2026-03-02T16:00:00Z')).toBe(true); // Tuesday 00:00
    expect(open(w, '2026-03-02T21:59:00Z')).toBe(true); // Tuesday 05:59
    expect(open(w, '2026-03-02T22:00:00Z')).toBe(false); // Tuesday 06:00
    expect(open(w, '2026-03-03T14:30:00Z')).toBe(false); // Tuesday 22:30: Tuesday has no evening range
    expect(open(w, '2026-03-01T16:30:00Z')).toBe(false); // Monday 00:30: Monday starts at 22:00
  });

  it('the start is inside, the end outside; 24:00 ends at midnight', () => {
    const w = shanghai({ Monday: [['09:00', '18:00']], Friday: [['20:00', '24:00']] });
    expect(open(w, '2026-03-02T00:59:59.999Z')).toBe(false); // 08:59:59.999
    expect(open(w, '2026-03-02T01:00:00Z')).toBe(true); // 09:00
    expect(open(w, '2026-03-02T09:59:59.999Z')).toBe(true); // 17:59:59.999
    expect(open(w, '2026-03-02T10:00:00Z')).toBe(false); // 18:00
    expect(open(w, '2026-03-06T15:59:59.999Z')).toBe(true); // Friday 23:59:59.999
    expect(open(w, '2026-03-06T16:00:00Z')).toBe(false); // Saturday 00:00
  });

  it('several ranges in a day: the gaps between them are closed', () => {
    const w = shanghai({
      Saturday: [
        ['09:00', '12:00'],
        ['14:00', '18:00'],
      ],
    }); // the console's observed Saturday
    expect(open(w, '2026-03-07T03:59:00Z')).toBe(true); // 11:59
    expect(open(w, '2026-03-07T04:00:00Z')).toBe(false); // 12:00
    expect(open(w, '2026-03-07T05:59:00Z')).toBe(false); // 13:59
    expect(open(w, '2026-03-07T06:00:00Z')).toBe(true); // 14:00
    expect(open(w, '2026-03-07T09:59:00Z')).toBe(true); // 17:59
    expect(open(w, '2026-03-07T10:00:00Z')).toBe(false); // 18:00
  });

  it('a day without an entry, or with no ranges, is closed', () => {
    const w = shanghai({ Monday: [['00:00', '24:00']], Tuesday: [] });
    expect(open(w, '2026-03-02T08:00:00Z')).toBe(true);
    expect(open(w, '2026-03-03T08:00:00Z')).toBe(false);
    expect(open(w, '2026-03-04T08:00:00Z')).toBe(false);
    expect(open(shanghai({}), '2026-03-02T08:00:00Z')).toBe(false);
  });

  it('off: always working time, whatever the plan, zone and calendar', () => {
    const w = workTime('off', 'Pacific/Auckland', {});
    const calendar = { holidays: ['2026-03-02'], workdays: [] };
    for (const iso of ['2026-03-02T00:00:00Z', '2026-03-07T12:34:00Z', '2026-11-01T06:30:00Z']) expect(open(w, iso, calendar)).toBe(true);
  });

  it('the weekly plan ignores the statutory calendar', () => {
    const w = shanghai({ Thursday: [['09:00', '18:00']] });
    expect(open(w, '2026-10-01T02:00:00Z', { holidays: ['2026-10-01'], workdays: [] })).toBe(true);
  });
});

describe('daylight saving: ranges are wall-clock times', () => {
  // New York: 2026-03-08 02:00 EST jumps to 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT falls back to 01:00 EST (06:00Z).
  it('New York, spring forward: a range holding the skipped hour is an hour shorter', () => {
    const w = workTime('weekly', 'America/New_York', { Sunday: [['01:00', '04:00']] });
    expect(open(w, '2026-03-08T05:59:00Z')).toBe(false); // 00:59 EST
    expect(open(w, '2026-03-08T06:00:00Z')).toBe(true); // 01:00 EST
    expect(open(w, '2026-03-08T06:59:59Z')).toBe(true); // 01:59:59 EST
    expect(open(w, '2026-03-08T07:00:00Z')).toBe(true); // 03:00 EDT
    expect(open(w, '2026-03-08T07:59:00Z')).toBe(true); // 03:59 EDT
    expect(open(w, '2026-03-08T08:00:00Z')).toBe(false); // 04:00 EDT
    expect(openMinutes(w, '2026-03-08T04:00:00Z', 6)).toBe(120);
  });

  it('New York, spring forward: a range inside the skipped hour never happens', () => {
    expect(openMinutes(workTime('weekly', 'America/New_York', { Sunday: [['02:00', '03:00']] }), '2026-03-08T04:00:00Z', 24)).toBe(0);
    // 02:30–05:00 opens when the clocks jump to 03:00
    const late = workTime('weekly', 'America/New_York', { Sunday: [['02:30', '05:00']] });
    expect(open(late, '2026-03-08T06:59:00Z')).toBe(false); // 01:59 EST
    expect(open(late, '2026-03-08T07:00:00Z')).toBe(true); // 03:00 EDT
    expect(openMinutes(late, '2026-03-08T04:00:00Z', 24)).toBe(120);
  });

  it('New York, fall back: both passes through a wall time inside the range are open', () => {
    const w = workTime('weekly', 'America/New_York', { Sunday: [['01:00', '02:00']] });
    expect(open(w, '2026-11-01T04:59:00Z')).toBe(false); // 00:59 EDT
    expect(open(w, '2026-11-01T05:00:00Z')).toBe(true); // 01:00 EDT
    expect(open(w, '2026-11-01T05:59:00Z')).toBe(true); // 01:59 EDT
    expect(open(w, '2026-11-01T06:00:00Z')).toBe(true); // 01:00 EST
    expect(open(w, '2026-11-01T06:59:00Z')).toBe(true); // 01:59 EST
    expect(open(w, '2026-11-01T07:00:00Z')).toBe(false); // 02:00 EST
    expect(openMinutes(w, '2026-11-01T03:00:00Z', 6)).toBe(120);
    const half = workTime('weekly', 'America/New_York', { Sunday: [['01:30', '01:45']] });
    expect(openMinutes(half, '2026-11-01T03:00:00Z', 6)).toBe(30);
    expect(open(half, '2026-11-01T05:50:00Z')).toBe(false); // 01:50 EDT, between the two passes
  });

  // Berlin: 2026-03-29 02:00 CET jumps to 03:00 CEST (01:00Z); 2026-10-25 03:00 CEST falls back to 02:00 CET (01:00Z).
  it('Berlin, spring forward: 02:00–03:00 does not exist; 01:00–04:00 lasts two hours', () => {
    const skipped = workTime('weekly', 'Europe/Berlin', { Sunday: [['02:00', '03:00']] });
    expect(openMinutes(skipped, '2026-03-28T22:00:00Z', 24)).toBe(0);
    const w = workTime('weekly', 'Europe/Berlin', { Sunday: [['01:00', '04:00']] });
    expect(open(w, '2026-03-29T00:59:00Z')).toBe(true); // 01:59 CET
    expect(open(w, '2026-03-29T01:00:00Z')).toBe(true); // 03:00 CEST
    expect(open(w, '2026-03-29T02:00:00Z')).toBe(false); // 04:00 CEST
    expect(openMinutes(w, '2026-03-28T22:00:00Z', 24)).toBe(120);
  });

  it('Berlin, fall back: the repeated 02:00–03:00 is open twice', () => {
    const w = workTime('weekly', 'Europe/Berlin', { Sunday: [['02:00', '03:00']] });
    expect(open(w, '2026-10-24T23:59:00Z')).toBe(false); // 01:59 CEST
    expect(open(w, '2026-10-25T00:00:00Z')).toBe(true); // 02:00 CEST
    expect(open(w, '2026-10-25T01:00:00Z')).toBe(true); // 02:00 CET
    expect(open(w, '2026-10-25T01:59:00Z')).toBe(true); // 02:59 CET
    expect(open(w, '2026-10-25T02:00:00Z')).toBe(false); // 03:00 CET
    expect(openMinutes(w, '2026-10-24T22:00:00Z', 24)).toBe(120);
  });
});

// A calendar in the style of a PRC holiday notice: 2026-10-01 (Thu) to 10-07 off; Sunday 09-20 and Saturday 10-10 worked.
const NATIONAL_DAY: WorkCalendar = {
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-20', '2026-10-10'],
};

describe('statutory workdays', () => {
  const office: Plan = {
    Monday: [['09:00', '18:00']],
    Tuesday: [['09:00', '18:00']],
    Wednesday: [['09:00', '18:00']],
    Thursday: [['09:00', '18:00']],
    Friday: [['09:00', '18:00']],
    Saturday: [['10:00', '16:00']],
  };
  const w = workTime('statutory', 'Asia/Shanghai', office);
  const openOn = (iso: string, calendar = NATIONAL_DAY) => open(w, iso, calendar);

  it('a holiday on a weekday is closed; the weekday after the holidays is open', () => {
    expect(openOn('2026-10-01T02:00:00Z')).toBe(false); // Thursday 10:00, holiday
    expect(openOn('2026-10-07T02:00:00Z')).toBe(false); // Wednesday, holiday
    expect(openOn('2026-10-08T02:00:00Z')).toBe(true); // Thursday after
    expect(openOn('2026-10-01T02:00:00Z', NO_CALENDAR)).toBe(true); // without the calendar it is a Thursday
  });

  it('a make-up Saturday is open with the first weekday’s ranges, not Saturday’s', () => {
    expect(openOn('2026-10-10T01:00:00Z')).toBe(true); // Saturday 09:00
    expect(openOn('2026-10-10T09:59:00Z')).toBe(true); // Saturday 17:59
    expect(openOn('2026-10-10T10:00:00Z')).toBe(false); // Saturday 18:00
    expect(openOn('2026-09-20T01:30:00Z')).toBe(true); // make-up Sunday 09:30
  });

  it('a normal Saturday or Sunday is closed, even with Saturday ranges in the plan', () => {
    expect(openOn('2026-10-17T03:00:00Z')).toBe(false); // Saturday 11:00
    expect(openOn('2026-10-18T03:00:00Z')).toBe(false); // Sunday
  });

  it('a make-up day follows the first of Monday to Friday that has ranges; with none it stays closed', () => {
    const tuesdayFirst = workTime('statutory', 'Asia/Shanghai', { Friday: [['08:00', '12:00']], Tuesday: [['13:00', '15:00']], Monday: [] });
    expect(open(tuesdayFirst, '2026-10-10T05:30:00Z', NATIONAL_DAY)).toBe(true); // 13:30
    expect(open(tuesdayFirst, '2026-10-10T01:00:00Z', NATIONAL_DAY)).toBe(false); // 09:00: Friday's hours do not apply
    const weekendOnly = workTime('statutory', 'Asia/Shanghai', { Saturday: [['00:00', '24:00']] });
    expect(open(weekendOnly, '2026-10-10T03:00:00Z', NATIONAL_DAY)).toBe(false);
  });

  it('dates are local: the holiday begins at local midnight, not UTC midnight', () => {
    expect(openOn('2026-09-30T09:59:00Z')).toBe(true); // Wednesday 09-30 17:59
    const allDay = workTime('statutory', 'Asia/Shanghai', { Wednesday: [['00:00', '24:00']], Thursday: [['00:00', '24:00']] });
    expect(open(allDay, '2026-09-30T15:59:00Z', NATIONAL_DAY)).toBe(true); // 09-30 23:59
    expect(open(allDay, '2026-09-30T16:00:00Z', NATIONAL_DAY)).toBe(false); // 10-01 00:00
  });
});

describe('nextOpening', () => {
  const office = workTime('weekly', 'Asia/Shanghai', {
    Monday: [['09:00', '18:00']],
    Friday: [
      ['09:00', '12:00'],
      ['14:00', '18:00'],
    ],
  });
  const next = (w: WorkTime, iso: string, calendar = NO_CALENDAR) => nextOpening(w, calendar, at(iso))?.toISOString();

  it('now, when working hours are on (always, when off)', () => {
    expect(next(office, '2026-03-02T02:00:00Z')).toBe('2026-03-02T02:00:00.000Z');
    expect(next(workTime('off', 'Asia/Shanghai', {}), '2026-03-07T02:00:00Z')).toBe('2026-03-07T02:00:00.000Z');
  });

  it('later the same day, after a gap between ranges, and over the weekend', () => {
    expect(next(office, '2026-03-02T00:30:00Z')).toBe('2026-03-02T01:00:00.000Z'); // Monday 08:30 → 09:00
    expect(next(office, '2026-03-06T04:30:00Z')).toBe('2026-03-06T06:00:00.000Z'); // Friday 12:30 → 14:00
    expect(next(office, '2026-03-06T10:00:00Z')).toBe('2026-03-09T01:00:00.000Z'); // Friday 18:00 → Monday 09:00
  });

  it('in the account’s zone', () => {
    const w = workTime('weekly', 'America/New_York', { Monday: [['09:00', '17:00']] });
    expect(next(w, '2026-03-02T02:00:00Z')).toBe('2026-03-02T14:00:00.000Z'); // Sunday 21:00 EST → Monday 09:00 EST
  });

  it('statutory: skips the holidays to the make-up Saturday', () => {
    const w = workTime('statutory', 'Asia/Shanghai', { Monday: [['09:00', '18:00']] });
    expect(next(w, '2026-09-30T12:00:00Z', NATIONAL_DAY)).toBe('2026-10-10T01:00:00.000Z'); // not Monday 10-05, a holiday
    const weekly = workTime('weekly', 'Asia/Shanghai', { Monday: [['09:00', '18:00']] });
    expect(next(weekly, '2026-09-30T12:00:00Z', NATIONAL_DAY)).toBe('2026-10-05T01:00:00.000Z');
  });

  it('undefined when nothing opens within 14 days', () => {
    expect(next(workTime('weekly', 'Asia/Shanghai', {}), '2026-03-02T02:00:00Z')).toBeUndefined();
    const longBreak: WorkCalendar = { holidays: Array.from({ length: 15 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`), workdays: [] };
    const w = workTime('statutory', 'Asia/Shanghai', { Monday: [['09:00', '18:00']], Friday: [['09:00', '18:00']] });
    expect(next(w, '2026-09-30T12:00:00Z', longBreak)).toBeUndefined(); // next is Friday 10-16, beyond 14 days
    expect(next(w, '2026-10-02T12:00:00Z', longBreak)).toBe('2026-10-16T01:00:00.000Z'); // within 14 days
  });

  it('a start the clocks skip opens when they jump; a repeated start opens twice', () => {
    const spring = workTime('weekly', 'America/New_York', { Sunday: [['02:30', '05:00']] });
    expect(next(spring, '2026-03-08T06:00:00Z')).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    const fall = workTime('weekly', 'America/New_York', { Sunday: [['01:30', '01:45']] });
    expect(next(fall, '2026-11-01T04:00:00Z')).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(next(fall, '2026-11-01T05:50:00Z')).toBe('2026-11-01T06:30:00.000Z'); // 01:30 EST
    // falling back re-enters 00:30–01:30 at the change itself
    const early = workTime('weekly', 'America/New_York', { Sunday: [['00:30', '01:30']] });
    expect(next(early, '2026-11-01T05:40:00Z')).toBe('2026-11-01T06:00:00.000Z'); // 01:40 EDT → 01:00 EST
  });

  it('a range inside a skipped hour is no opening', () => {
    const w = workTime('weekly', 'Europe/Berlin', {
      Sunday: [
        ['02:00', '02:30'],
        ['05:00', '06:00'],
      ],
    });
    expect(next(w, '2026-03-28T23:00:00Z')).toBe('2026-03-29T03:00:00.000Z'); // 05:00 CEST
  });
});
