import { DateTime, IANAZone } from 'luxon';
import { WEEKDAYS, type TimeRange, type Weekday, type WorkTime } from '../accounts/index.ts';
import type { WorkCalendar } from './schema.ts';
import { isStatutoryWorkday } from './work-calendar.ts';

// Whether an account is within its working hours (spec 01 §8.6, spec 05 §6.7). Ranges are
// wall-clock times in the setting's zone: on a day the clocks jump forward a range holding the
// skipped hour is simply shorter, and in a repeated hour both instants count when the wall time does.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How far nextOpening looks ahead. */
export const OPENING_HORIZON_DAYS = 14;

/** A local calendar day: its `YYYY-MM-DD` and weekday. */
interface LocalDay {
  date: string;
  weekday: Weekday;
}

export function isWorkingTime(workTime: WorkTime, calendar: WorkCalendar, at: Date): boolean {
  if (workTime.mode === 'off') return true;
  const local = DateTime.fromJSDate(at, { zone: workTime.timeZone });
  const minute = local.hour * 60 + local.minute;
  // Ranges start and end on whole minutes, so the minute decides; [start, end) keeps 17:59:59 open and 18:00 closed.
  return rangesOn(workTime, calendar, dayOf(local)).some((r) => toMinutes(r.start) <= minute && minute < toMinutes(r.end));
}

/**
 * The next instant working hours begin, `at` itself when they are on now, or undefined when they do
 * not begin within the next 14 days.
 */
export function nextOpening(workTime: WorkTime, calendar: WorkCalendar, at: Date): Date | undefined {
  if (isWorkingTime(workTime, calendar, at)) return at;
  const zone = IANAZone.create(workTime.timeZone);
  const until = at.getTime() + OPENING_HORIZON_DAYS * 24 * HOUR;
  const local = DateTime.fromJSDate(at, { zone });
  const first = DateTime.utc(local.year, local.month, local.day);
  // One more day than the horizon: the horizon may end early on the local day after it.
  for (let d = 0; d <= OPENING_HORIZON_DAYS + 1; d++) {
    const day = first.plus({ days: d });
    const candidates = changePoints(zone, day, rangesOn(workTime, calendar, dayOf(day)))
      .filter((t) => t > at.getTime() && t <= until)
      .sort((a, b) => a - b);
    const opening = candidates.find((t) => isWorkingTime(workTime, calendar, new Date(t)));
    if (opening !== undefined) return new Date(opening);
  }
  return undefined;
}

/**
 * The ranges that apply on a local day. In statutory mode a day that is not a workday has none, and a
 * make-up workday on a weekend (调休上班) follows the first of Monday to Friday that has ranges, the
 * plan's ordinary working day; with no weekday ranges at all such a day stays closed rather than
 * inventing hours the operator never set.
 */
function rangesOn(workTime: WorkTime, calendar: WorkCalendar, day: LocalDay): TimeRange[] {
  if (workTime.mode === 'statutory') {
    if (!isStatutoryWorkday(day.date, day.weekday, calendar)) return [];
    if (day.weekday === 'Saturday' || day.weekday === 'Sunday') {
      return (
        WEEKDAYS.slice(0, 5)
          .map((weekday) => rangesOf(workTime, weekday))
          .find((ranges) => ranges.length > 0) ?? []
      );
    }
  }
  return rangesOf(workTime, day.weekday);
}

const rangesOf = (workTime: WorkTime, weekday: Weekday) => workTime.periods.find((p) => p.day === weekday)?.ranges ?? [];

const dayOf = (local: DateTime): LocalDay => ({ date: local.toISODate()!, weekday: WEEKDAYS[local.weekday - 1] });

/** Minutes since midnight of a stored `HH:MM` (validated when saved; `24:00` is 1440). */
function toMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * The instants of a local day at which working hours may begin: each instant whose wall time is a
 * range start (two in a repeated hour, none in a skipped one) and any change of the zone's offset
 * (a start the clocks skipped opens when they jump; falling back may re-enter a range).
 * `day` is the date at UTC midnight; epoch milliseconds out.
 */
function changePoints(zone: IANAZone, day: DateTime, ranges: TimeRange[]): number[] {
  const midnight = day.toMillis();
  // Every instant of the local day lies in here, whatever the offset (UTC-12 to UTC+14).
  const [from, to] = [midnight - 14 * HOUR, midnight + 24 * HOUR + 12 * HOUR];
  const offsets = [...new Set([zone.offset(from), zone.offset(to)])];
  const points = ranges.flatMap((range) =>
    offsets.flatMap((offset) => {
      const t = midnight + (toMinutes(range.start) - offset) * MINUTE;
      return zone.offset(t) === offset ? [t] : []; // that wall time exists with this offset
    }),
  );
  if (offsets.length > 1) points.push(offsetChange(zone, from, to));
  return points;
}

/** The first instant in (from, to] with the offset `to` has; the zone changes offset once in between. */
function offsetChange(zone: IANAZone, from: number, to: number): number {
  const after = zone.offset(to);
  let [lo, hi] = [from, to];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offset(mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}
