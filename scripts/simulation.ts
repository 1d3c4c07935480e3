// A simulation of many readers polling one feed with Digest's real scheduler (utils/schedule.ts), to
// show a publisher what Digest costs them: requests per minute, bytes, and how soon readers see a post.
// Each reader is independent (they share only the server), so readers are simulated one after another.
import { isDue, nextPollTime, type PollResult } from '../utils/feed/schedule';

/** What to simulate. Times are minutes from the start of the run (00:00 UTC). */
export interface SimulationOptions {
  readers: number;
  intervalMinutes: number;
  hours: number;
  /** Minutes (from the start) at which the blog publishes a post. Default: one a day at 10:00 UTC. */
  publishAt?: number[];
  /** The server answers nothing (connection refused) from `start` for `minutes`. Default: 30 min at 12:00 UTC. */
  outage?: { start: number; minutes: number } | null;
  /** Size of the feed (a 200) and of a 304's headers, in bytes. */
  feedBytes?: number;
  notModifiedBytes?: number;
  /** Seed for the random numbers, so a run can be repeated. */
  seed?: number;
}

/** What the publisher sees. */
export interface SimulationResult {
  readers: number;
  meanPerMinute: number;
  peakPerMinute: number;
  /** Share of all requests answered 304 Not Modified. */
  share304: number;
  bytesWithConditional: number;
  /** The same polls without ETag/Last-Modified: every answered poll downloads the feed. */
  bytesWithout: number;
  /** Minutes from a post's publication until a reader's Digest has it (median, 95th percentile). */
  latencyP50Minutes: number;
  latencyP95Minutes: number;
  /** The same for readers whose browser was running when the post appeared (no sleep in the way). */
  latencyAwakeP95Minutes: number;
  /** Requests in each minute of the run. */
  perMinute: number[];
}

/** mulberry32: a small, fast, seedable generator (Math.random cannot be seeded). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 24 * 60;
/** Minutes simulated before the measured run starts. */
const WARM_UP = 12 * 60;

/** Reader populations: where they are (UTC offset, hours) and how their browser lives. */
const TIMEZONES: [offsetHours: number, share: number][] = [
  [-8, 0.15],
  [-5, 0.3],
  [0, 0.15],
  [1, 0.25],
  [5.5, 0.1],
  [9, 0.05],
];

/** A span (minutes from the start) when a reader's browser is closed or the laptop sleeps. */
type Offline = [from: number, to: number];

function pickTimezone(random: () => number): number {
  let r = random();
  for (const [offset, share] of TIMEZONES) {
    if (r < share) return offset;
    r -= share;
  }
  return 0;
}

/**
 * One reader's offline spans over the run: 30 % always on; 50 % laptops asleep 7–9 h from local
 * 22:00–01:00; 20 % close the browser one to three times a day for 5–60 minutes.
 */
function offlineSpans(random: () => number, minutes: number): Offline[] {
  const kind = random();
  const spans: Offline[] = [];
  if (kind < 0.3) return spans;
  if (kind < 0.8) {
    const offset = pickTimezone(random) * 60;
    const bedtime = 22 * 60 + random() * 180; // local
    const length = 7 * 60 + random() * 120;
    for (let day = -2; day * DAY < minutes; day += 1) {
      const start = day * DAY + bedtime - offset;
      spans.push([start, start + length]);
    }
    return spans;
  }
  for (let day = -1; day * DAY < minutes; day += 1) {
    const closes = 1 + Math.floor(random() * 3);
    for (let i = 0; i < closes; i += 1) {
      const start = day * DAY + random() * DAY;
      spans.push([start, start + 5 + random() * 55]);
    }
  }
  return spans.toSorted((a, b) => a[0] - b[0]);
}

/** The first minute at or after `t` when the reader's browser runs (a missed alarm fires on wake). */
function awakeAt(t: number, spans: readonly Offline[]): number {
  let time = t;
  for (const [from, to] of spans) if (time >= from && time < to) time = to;
  return time;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Runs the simulation. Deterministic for a given seed. */
export function simulate(options: SimulationOptions): SimulationResult {
  const {
    readers,
    intervalMinutes,
    hours,
    publishAt = Array.from({ length: Math.ceil(hours / 24) }, (_, day) => day * DAY + 10 * 60),
    outage = { start: 12 * 60, minutes: 30 },
    feedBytes = 100 * 1024,
    notModifiedBytes = 250,
    seed = 1,
  } = options;
  const minutes = hours * 60;
  const random = seededRandom(seed);
  const perMinute = Array.from({ length: Math.ceil(minutes) }, () => 0);
  const posts = publishAt.filter((at) => at < minutes).toSorted((a, b) => a - b);
  const latencies: number[] = [];
  const awakeLatencies: number[] = [];
  let answered = 0;
  let notModified = 0;
  let bytes = 0;
  const MS = 60_000;
  const down = (t: number) => outage !== null && t >= outage.start && t < outage.start + outage.minutes;
  const versionAt = (t: number) => posts.filter((at) => at <= t).length;

  for (let reader = 0; reader < readers; reader += 1) {
    const spans = offlineSpans(random, minutes);
    // Installed long ago at a random moment; the half day before the measured run lets the
    // schedule settle (jitter and sleep spread the phases) before anything is counted.
    let next = -WARM_UP + random() * intervalMinutes;
    let failures = 0;
    let version = versionAt(0);
    let lastSuccess = next - intervalMinutes;
    for (;;) {
      // The alarm fires at the next poll time, or when the browser wakes, whichever is later; a
      // restart's catch-up polls only a feed that is due (isDue, as the worker does).
      const t = awakeAt(next, spans);
      if (t >= minutes) break;
      const record = {
        nextPoll: new Date(next * MS).toISOString(),
        lastSuccess: new Date(lastSuccess * MS).toISOString(),
        info: null,
      };
      if (!isDue(record, t * MS, intervalMinutes)) {
        next = t + 1;
        continue;
      }
      const counted = t >= 0;
      if (counted) perMinute[Math.floor(t)]! += 1;
      let result: PollResult;
      if (down(t)) {
        result = 'failed';
        failures += 1;
      } else {
        if (counted) answered += 1;
        const current = versionAt(t);
        if (current === version) {
          result = 'not-modified';
          if (counted) notModified += 1;
          if (counted) bytes += notModifiedBytes;
        } else {
          result = 'updated';
          if (counted) bytes += feedBytes;
          for (let post = version; post < current; post += 1) {
            const published = posts[post]!;
            latencies.push(t - published);
            if (awakeAt(published, spans) === published) awakeLatencies.push(t - published);
          }
          version = current;
        }
        failures = 0;
        lastSuccess = t;
      }
      const at = nextPollTime({ now: t * MS, intervalMinutes, result, consecutiveFailures: failures, random });
      if (at === null) break;
      next = at / MS;
    }
  }

  const requests = perMinute.reduce((a, b) => a + b, 0);
  return {
    readers,
    meanPerMinute: requests / minutes,
    peakPerMinute: Math.max(...perMinute),
    share304: requests === 0 ? 0 : notModified / requests,
    bytesWithConditional: bytes,
    bytesWithout: answered * feedBytes,
    latencyP50Minutes: percentile(latencies, 0.5),
    latencyP95Minutes: percentile(latencies, 0.95),
    latencyAwakeP95Minutes: percentile(awakeLatencies, 0.95),
    perMinute,
  };
}
