/**
 * The hourly tick's schedule, kept in Document Properties (`KEYS.schedule`): the shape and the
 * decisions are in src/core/clock.ts; this reads and writes it.
 */
import type { Schedule } from '../core/clock';
import type { KeyValueStore } from './services';
import { KEYS } from './store';

export function readSchedule(props: KeyValueStore): Schedule {
  const s = props.getJson<Schedule>(KEYS.schedule.key);
  return s && typeof s === 'object' ? s : {};
}

/** Changes the schedule (read, change, write), so concurrent writers of other fields are not undone. */
export function updateSchedule(props: KeyValueStore, change: (s: Schedule) => void): Schedule {
  const s = readSchedule(props);
  change(s);
  props.setJson(KEYS.schedule.key, s);
  return s;
}

/** A sending run that stopped for time asks the next hourly tick to continue it. */
export function requestContinuation(props: KeyValueStore): void {
  updateSchedule(props, (s) => {
    s.continueDaily = true;
  });
}
