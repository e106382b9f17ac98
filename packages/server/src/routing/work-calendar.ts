import { DateTime } from 'luxon';
import { CALENDAR_MAX_DATES } from '@parley/protocol';
import type { Weekday } from '../accounts/index.ts';
import type { WorkCalendar } from './schema.ts';

// The app's statutory calendar (法定工作日, spec 01 §8.6): the spec leaves it to the official (PRC)
// calendar, which changes every year, so operators enter each year's holidays and make-up workdays.

/** A year's worth, with room for a leap year; protects the row, not a rule of the spec. The /api contract's. */
export { CALENDAR_MAX_DATES };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface CalendarCheck {
  /** The lists without duplicates, sorted; only meaningful when there are no problems. */
  calendar: WorkCalendar;
  /** Each names its field, e.g. `calendar.holidays[2]`. */
  problems: string[];
}

/** Checks a calendar as given and returns it cleaned up: duplicates removed, dates sorted. */
export function checkWorkCalendar(input: WorkCalendar, field = 'calendar'): CalendarCheck {
  const problems = [...listProblems(input.holidays, `${field}.holidays`), ...listProblems(input.workdays, `${field}.workdays`)];
  const holidays = new Set(input.holidays);
  for (const date of new Set(input.workdays)) {
    if (holidays.has(date)) problems.push(`${field}: ${date} is both a holiday and a make-up workday`);
  }
  return { calendar: { holidays: cleaned(input.holidays), workdays: cleaned(input.workdays) }, problems };
}

function listProblems(dates: string[], at: string): string[] {
  // Past the limit the entries are not looked at: one clear problem, not hundreds.
  if (dates.length > CALENDAR_MAX_DATES) return [`${at} has at most ${CALENDAR_MAX_DATES} dates`];
  return dates.flatMap((date, i) => (isDate(date) ? [] : [`${at}[${i}] "${date}" is not a date YYYY-MM-DD`]));
}

/** `YYYY-MM-DD` naming a day that exists (no 2026-02-29). */
function isDate(value: string): boolean {
  return DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

const cleaned = (dates: string[]) => [...new Set(dates)].sort();

/**
 * Whether a local date is a statutory workday: holidays are days off, make-up workdays (调休上班)
 * are workdays even on a weekend, and otherwise Monday to Friday are.
 */
export function isStatutoryWorkday(date: string, weekday: Weekday, calendar: WorkCalendar): boolean {
  if (calendar.holidays.includes(date)) return false;
  if (calendar.workdays.includes(date)) return true;
  return weekday !== 'Saturday' && weekday !== 'Sunday';
}
