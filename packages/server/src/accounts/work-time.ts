import { IANAZone } from 'luxon';
import { ACCOUNT_LIMITS, DEFAULT_TIME_ZONE } from './defaults.ts';
import { WEEKDAYS, WORK_TIME_MODES, type TimeRange, type WorkTime } from './config.ts';

// Working hours (spec 05 §2.0, §9.31): the spec only implies `HH:MM`. Parley reads a range as
// half-open [Start, End) within one day: no crossing midnight, `24:00` allowed as an End.
// Ranges are wall-clock times in the setting's IANA time zone (spec 01 §8.6).

/** What the column may hold: rows written before modes and zones existed have only `enabled`. */
type StoredWorkTime = Partial<WorkTime> & { enabled?: boolean };

/** The setting in its current shape; a stored `{ enabled: true }` is the weekly plan it meant. */
export function normalizeWorkTime(stored: StoredWorkTime): WorkTime {
  const mode = stored.mode && WORK_TIME_MODES.includes(stored.mode) ? stored.mode : stored.enabled ? 'weekly' : 'off';
  return { mode, timeZone: stored.timeZone ?? DEFAULT_TIME_ZONE, periods: stored.periods ?? [] };
}

const START = /^([01]\d|2[0-3]):([0-5]\d)$/;
const END = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

function minutes(value: string, pattern: RegExp): number | undefined {
  const m = pattern.exec(value);
  if (!m) return undefined;
  const [h, min] = m.slice(1).filter((part) => part !== undefined);
  return Number(h) * 60 + Number(min);
}

/** Problems of a working-time setting, each naming the Tencent field it is about. */
export function workTimeProblems(workTime: WorkTime): string[] {
  const problems: string[] = [];
  if (!WORK_TIME_MODES.includes(workTime.mode)) problems.push(`WorkTimeConfig.Type must be 0 (off), 1 (weekly plan) or 2 (statutory workdays)`);
  if (!IANAZone.isValidZone(workTime.timeZone)) {
    problems.push(`WorkTimeConfig.TimeZone "${workTime.timeZone}" is not an IANA time zone such as ${DEFAULT_TIME_ZONE}`);
  }
  const seen = new Set<string>();
  workTime.periods.forEach((period, i) => {
    const at = `WorkTimeConfig.Periods[${i}]`;
    if (!(WEEKDAYS as readonly string[]).includes(period.day)) {
      problems.push(`${at}.Day must be one of ${WEEKDAYS.join(', ')}; got "${period.day}"`);
    } else if (seen.has(period.day)) {
      problems.push(`${at}.Day ${period.day} appears twice; put all of a day's ranges in one entry`);
    }
    seen.add(period.day);
    problems.push(...rangeProblems(period.ranges, `${at}.PeriodsWithinOneDay`));
  });
  return problems;
}

function rangeProblems(ranges: TimeRange[], at: string): string[] {
  if (ranges.length > ACCOUNT_LIMITS.rangesPerDay) return [`${at} has at most ${ACCOUNT_LIMITS.rangesPerDay} ranges per day`];
  const problems: string[] = [];
  const parsed: Array<{ start: number; end: number; range: TimeRange }> = [];
  ranges.forEach((range, j) => {
    const start = minutes(range.start, START);
    const end = minutes(range.end, END);
    if (start === undefined) problems.push(`${at}[${j}].Start "${range.start}" is not a time HH:MM from 00:00 to 23:59`);
    if (end === undefined) problems.push(`${at}[${j}].End "${range.end}" is not a time HH:MM from 00:00 to 24:00`);
    if (start === undefined || end === undefined) return;
    if (start >= end) problems.push(`${at}[${j}]: Start ${range.start} must be before End ${range.end}`);
    else parsed.push({ start, end, range });
  });
  parsed.sort((a, b) => a.start - b.start);
  for (let k = 1; k < parsed.length; k++) {
    const [a, b] = [parsed[k - 1], parsed[k]];
    if (b.start < a.end) problems.push(`${at}: ${a.range.start}-${a.range.end} overlaps ${b.range.start}-${b.range.end}`);
  }
  return problems;
}
