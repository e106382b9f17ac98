import { describe, expect, it } from 'vitest';
import { CALENDAR_MAX_DATES, checkWorkCalendar, isStatutoryWorkday } from '../../src/routing/work-calendar.ts';

// The app's statutory calendar: validation and which dates are workdays.

describe('checkWorkCalendar', () => {
  it('an empty calendar and real dates (a leap day included) pass; duplicates go, dates are sorted', () => {
    expect(checkWorkCalendar({ holidays: [], workdays: [] })).toEqual({ calendar: { holidays: [], workdays: [] }, problems: [] });
    const { calendar, problems } = checkWorkCalendar({
      holidays: ['2026-10-02', '2026-10-01', '2026-10-02', '2028-02-29'],
      workdays: ['2026-10-10', '2026-09-20', '2026-10-10'],
    });
    expect(problems).toEqual([]);
    expect(calendar).toEqual({ holidays: ['2026-10-01', '2026-10-02', '2028-02-29'], workdays: ['2026-09-20', '2026-10-10'] });
  });

  it('each malformed or non-existent date is named by its list and index', () => {
    const { problems } = checkWorkCalendar({ holidays: ['2026-10-01', '2026-1-01', '2026-02-29'], workdays: ['2026-13-01', '2026/10/10', ' 2026-10-10', ''] });
    expect(problems).toEqual([
      'calendar.holidays[1] "2026-1-01" is not a date YYYY-MM-DD',
      'calendar.holidays[2] "2026-02-29" is not a date YYYY-MM-DD',
      'calendar.workdays[0] "2026-13-01" is not a date YYYY-MM-DD',
      'calendar.workdays[1] "2026/10/10" is not a date YYYY-MM-DD',
      'calendar.workdays[2] " 2026-10-10" is not a date YYYY-MM-DD',
      'calendar.workdays[3] "" is not a date YYYY-MM-DD',
    ]);
    expect(checkWorkCalendar({ holidays: ['2026-04-31', '2026-00-10', '2026-06-00'], workdays: [] }).problems).toHaveLength(3);
  });

  it('a date in both lists is refused', () => {
    const { problems } = checkWorkCalendar({ holidays: ['2026-10-10', '2026-10-01'], workdays: ['2026-10-10', '2026-10-10'] });
    expect(problems).toEqual(['calendar: 2026-10-10 is both a holiday and a make-up workday']);
  });

  it(`at most ${CALENDAR_MAX_DATES} dates per list, counted as sent`, () => {
    const days = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2028, 0, 1 + i)).toISOString().slice(0, 10));
    expect(checkWorkCalendar({ holidays: days(366), workdays: [] }).problems).toEqual([]); // all of 2028
    expect(checkWorkCalendar({ holidays: [], workdays: days(367) }).problems).toEqual([`calendar.workdays has at most ${CALENDAR_MAX_DATES} dates`]);
    expect(checkWorkCalendar({ holidays: [...days(200), ...days(200)], workdays: [] }).problems).toEqual([`calendar.holidays has at most ${CALENDAR_MAX_DATES} dates`]);
  });

  it('the field prefix is the caller’s', () => {
    expect(checkWorkCalendar({ holidays: ['x'], workdays: [] }, 'Calendar').problems).toEqual(['Calendar.holidays[0] "x" is not a date YYYY-MM-DD']);
  });
});

describe('isStatutoryWorkday', () => {
  const calendar = { holidays: ['2026-10-01', '2026-10-03'], workdays: ['2026-10-10', '2026-09-20'] };

  it('Monday to Friday are workdays, Saturday and Sunday are not', () => {
    expect(isStatutoryWorkday('2026-10-12', 'Monday', calendar)).toBe(true);
    expect(isStatutoryWorkday('2026-10-16', 'Friday', calendar)).toBe(true);
    expect(isStatutoryWorkday('2026-10-17', 'Saturday', calendar)).toBe(false);
    expect(isStatutoryWorkday('2026-10-18', 'Sunday', calendar)).toBe(false);
  });

  it('a holiday is a day off, also on a weekday; a make-up day is a workday, also on a weekend', () => {
    expect(isStatutoryWorkday('2026-10-01', 'Thursday', calendar)).toBe(false);
    expect(isStatutoryWorkday('2026-10-03', 'Saturday', calendar)).toBe(false);
    expect(isStatutoryWorkday('2026-10-10', 'Saturday', calendar)).toBe(true);
    expect(isStatutoryWorkday('2026-09-20', 'Sunday', calendar)).toBe(true);
  });
});
