// When to poll a feed next: one pure function, shared by the worker and by `npm run simulate`, so what
// the simulation measures is what readers' browsers do.

/** The longest Digest ever waits between polls, whatever the server or the backoff says (24 h). */
export const MAX_DELAY_MS = 24 * 60 * 60_000;
/** Chrome's shortest alarm: nothing is scheduled sooner than this. */
export const MIN_DELAY_MS = 30_000;
/** Successful polls are spread by ±10 % of the interval, so readers drift apart instead of polling in lockstep. */
export const JITTER = 0.1;
/** Failures back off from one interval, doubling up to this cap (6 h). */
export const BACKOFF_CAP_MS = 6 * 60 * 60_000;

/** What the last poll of a feed came to. */
export type PollResult = 'updated' | 'not-modified' | 'failed';

/** Everything the next-poll decision depends on. */
export interface ScheduleInput {
  /** When the poll finished (ms since the epoch). */
  now: number;
  /** The reader's refresh interval, in minutes. */
  intervalMinutes: number;
  result: PollResult;
  /** Consecutive failures including this poll (0 after a success). */
  consecutiveFailures: number;
  /** The HTTP status of a failed poll, when there was a response. */
  httpStatus?: number | null;
  /** `Retry-After` as received (seconds or an HTTP date). */
  retryAfter?: string | null;
  /** `Cache-Control` as received. */
  cacheControl?: string | null;
  /** The feed declares `expired: true`. */
  expired?: boolean;
  /** A random number in [0, 1); injected for tests and the simulation. */
  random?: () => number;
}

/** Milliseconds until a `Retry-After` value (seconds or HTTP date) allows the next request, or null. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** `max-age` (or `s-maxage`'s absence) from a Cache-Control header, in ms; null when absent or invalid. */
export function parseMaxAge(value: string | null | undefined): number | null {
  if (!value) return null;
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(value);
  return match ? Number(match[1]) * 1000 : null;
}

/**
 * The delay before a retry after `failures` failures in a row: one interval, doubling per further
 * failure up to a cap, with the same ±10 % jitter as a success. Never shorter than (0.9 ×) the interval,
 * so a failing server sees fewer requests, not more; and since each reader keeps its own phase, readers
 * who failed during the same outage do not come back together.
 */
export function backoffDelay(intervalMs: number, failures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 20);
  const base = Math.min(intervalMs * 2 ** exponent, Math.max(BACKOFF_CAP_MS, intervalMs));
  return base * (1 - JITTER + 2 * JITTER * random());
}

/**
 * When to poll next (ms since the epoch), or null to stop polling (the feed is expired).
 * Success: one interval ±10 %, never before `Cache-Control: max-age`. Failure: exponential backoff with
 * jitter, and on 429/503 never before `Retry-After`. Everything is clamped to 30 s … 24 h.
 */
export function nextPollTime(input: ScheduleInput): number | null {
  const { now, intervalMinutes, result, random = Math.random } = input;
  if (input.expired && result !== 'failed') return null;
  const intervalMs = intervalMinutes * 60_000;
  let delay: number;
  if (result === 'failed') {
    delay = backoffDelay(intervalMs, Math.max(1, input.consecutiveFailures), random);
    const status = input.httpStatus ?? 0;
    const retryAfter = status === 429 || status === 503 ? parseRetryAfter(input.retryAfter, now) : null;
    // Never before the server's time, spread a little after it so its clients don't return at once.
    if (retryAfter !== null) {
      delay = Math.max(retryAfter + Math.min(retryAfter, 5 * 60_000) * random() * 0.2, delay);
    }
  } else {
    delay = intervalMs * (1 - JITTER + 2 * JITTER * random());
    const maxAge = parseMaxAge(input.cacheControl);
    if (maxAge !== null) delay = Math.max(delay, maxAge);
  }
  return now + Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, delay));
}

/** The delay before the very first poll after install, spread over half an interval so installs don't align. */
export function firstPollDelayMinutes(intervalMinutes: number, random: () => number = Math.random): number {
  return Math.max(MIN_DELAY_MS / 60_000, intervalMinutes * (0.5 + random() / 2));
}

/** The slice of a feed's polling record the due check reads. */
export interface PollRecord {
  nextPoll?: string | null;
  lastSuccess: string | null;
  info: { expired: boolean } | null;
}

/**
 * Whether a scheduled poll should fetch this feed now. A feed without a recorded next poll (older
 * records) is due when its last success is older than the interval. 30 s of slack absorbs alarm drift.
 */
export function isDue(record: PollRecord, now: number, intervalMinutes: number): boolean {
  if (record.nextPoll === null && record.info?.expired) return false;
  if (record.nextPoll) {
    const at = Date.parse(record.nextPoll);
    if (Number.isFinite(at)) return at <= now + MIN_DELAY_MS;
  }
  const success = record.lastSuccess ? Date.parse(record.lastSuccess) : NaN;
  return !Number.isFinite(success) || success <= now - intervalMinutes * 60_000 + MIN_DELAY_MS;
}

/** When the refresh alarm should next fire: the earliest next poll of the feeds still polled, or null. */
export function earliestPoll(records: readonly PollRecord[], now: number): number | null {
  let earliest: number | null = null;
  for (const record of records) {
    if (record.nextPoll === null && record.info?.expired) continue;
    const at = record.nextPoll ? Date.parse(record.nextPoll) : now;
    const when = Number.isFinite(at) ? at : now;
    earliest = earliest === null ? when : Math.min(earliest, when);
  }
  return earliest === null ? null : Math.max(earliest, now + MIN_DELAY_MS);
}

/**
 * The first poll after an import of `count` feeds (#14), for the feed at `index`: each feed gets its own slice of one
 * interval, starting half an interval from now (it was just fetched to validate it), so 200 imported feeds come due a
 * few at a time instead of all on the next alarm. Never before the server's `max-age` (ms, when given).
 */
export function spreadFirstPoll(
  index: number,
  count: number,
  now: number,
  intervalMinutes: number,
  maxAgeMs: number | null = null,
  random: () => number = Math.random,
): number {
  const intervalMs = intervalMinutes * 60_000;
  const slot = (Math.min(index, count - 1) + random()) / Math.max(count, 1);
  const delay = Math.max(intervalMs * (0.5 + slot), maxAgeMs ?? 0);
  return now + Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, delay));
}
