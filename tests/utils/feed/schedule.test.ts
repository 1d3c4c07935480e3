import { describe, expect, it } from 'vitest';
import {
  BACKOFF_CAP_MS,
  MAX_DELAY_MS,
  backoffDelay,
  earliestPoll,
  firstPollDelayMinutes,
  isDue,
  nextPollTime,
  parseMaxAge,
  parseRetryAfter,
} from '@/utils/feed/schedule';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const MIN = 60_000;
const low = () => 0;
const high = () => 0.999999;

describe('parsing server hints', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:05:00 GMT', NOW)).toBe(5 * MIN);
    expect(parseRetryAfter('Tue, 24 Nov 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });

  it('reads max-age from Cache-Control, ignoring s-maxage and other directives', () => {
    expect(parseMaxAge('public, max-age=3600')).toBe(3_600_000);
    expect(parseMaxAge('s-maxage=60')).toBeNull();
    expect(parseMaxAge('no-cache')).toBeNull();
    expect(parseMaxAge(null)).toBeNull();
  });
});

describe('nextPollTime', () => {
  const base = { now: NOW, intervalMinutes: 30, consecutiveFailures: 0 } as const;

  it('polls again after one interval, spread ±10 % so readers drift apart', () => {
    expect(nextPollTime({ ...base, result: 'updated', random: low })).toBe(NOW + 27 * MIN);
    expect(nextPollTime({ ...base, result: 'not-modified', random: high })).toBeCloseTo(NOW + 33 * MIN, -2);
  });

  it('never polls before Cache-Control max-age allows, and caps it at a day', () => {
    expect(nextPollTime({ ...base, result: 'updated', cacheControl: 'max-age=7200', random: low })).toBe(
      NOW + 120 * MIN,
    );
    expect(nextPollTime({ ...base, result: 'updated', cacheControl: 'max-age=60', random: low })).toBe(NOW + 27 * MIN);
    expect(nextPollTime({ ...base, result: 'updated', cacheControl: 'max-age=31536000' })).toBe(NOW + MAX_DELAY_MS);
  });

  it('backs off exponentially on failures, never sooner than the interval (less jitter), capped', () => {
    const failed = (n: number, random = low) =>
      (nextPollTime({ ...base, result: 'failed', consecutiveFailures: n, random })! - NOW) / MIN;
    expect([1, 2, 3, 4].map((n) => failed(n))).toEqual([27, 54, 108, 216]);
    expect(failed(30)).toBe((BACKOFF_CAP_MS / MIN) * 0.9);
    expect(failed(1, high)).toBeCloseTo(33, 3);
    expect(failed(30, high)).toBeCloseTo((BACKOFF_CAP_MS / MIN) * 1.1, 3);
    expect(backoffDelay(30 * MIN, 1, () => 0.5)).toBe(30 * MIN);
  });

  it('honours Retry-After on 429 and 503, never earlier', () => {
    for (const httpStatus of [429, 503]) {
      const at = nextPollTime({
        ...base,
        result: 'failed',
        consecutiveFailures: 1,
        httpStatus,
        retryAfter: '7200',
        random: low,
      });
      expect(at).toBe(NOW + 120 * MIN);
    }
    const dated = nextPollTime({
      ...base,
      result: 'failed',
      consecutiveFailures: 1,
      httpStatus: 503,
      retryAfter: 'Tue, 24 Nov 2026 15:00:00 GMT',
      random: high,
    })!;
    expect(dated).toBeGreaterThanOrEqual(Date.parse('2026-11-24T15:00:00Z'));
    expect(dated).toBeLessThanOrEqual(Date.parse('2026-11-24T15:01:00Z'));
    // A 500's Retry-After is not a promise the spec makes: ordinary backoff applies.
    expect(
      nextPollTime({
        ...base,
        result: 'failed',
        consecutiveFailures: 1,
        httpStatus: 500,
        retryAfter: '7200',
        random: low,
      }),
    ).toBe(NOW + 27 * MIN);
  });

  it('stops polling a feed marked expired', () => {
    expect(nextPollTime({ ...base, result: 'updated', expired: true })).toBeNull();
  });

  it('never schedules sooner than 30 s', () => {
    expect(nextPollTime({ ...base, intervalMinutes: 0.1, result: 'updated', random: low })).toBe(NOW + 30_000);
  });

  it('spreads the first poll over the second half of the interval', () => {
    expect(firstPollDelayMinutes(30, low)).toBe(15);
    expect(firstPollDelayMinutes(30, high)).toBeCloseTo(30, 3);
  });
});

function record(nextPoll: string | null, lastSuccess: string | null = null, expired = false) {
  return { nextPoll, lastSuccess, info: { expired } };
}

describe('isDue and earliestPoll', () => {
  it('is due once the next poll time has come, not before', () => {
    expect(isDue(record('2026-11-24T11:59:00Z'), NOW, 30)).toBe(true);
    expect(isDue(record('2026-11-24T12:10:00Z'), NOW, 30)).toBe(false);
  });

  it('falls back to the last success for records without a next poll; never for expired feeds', () => {
    expect(isDue(record(null), NOW, 30)).toBe(true);
    expect(isDue(record(null, '2026-11-24T11:50:00Z'), NOW, 30)).toBe(false);
    expect(isDue(record(null, '2026-11-24T11:00:00Z'), NOW, 30)).toBe(true);
    expect(isDue(record(null, '2026-11-24T11:00:00Z', true), NOW, 30)).toBe(false);
  });

  it('points the alarm at the earliest feed still polled, at least 30 s ahead', () => {
    expect(
      earliestPoll([record('2026-11-24T12:20:00Z'), record('2026-11-24T12:10:00Z'), record(null, null, true)], NOW),
    ).toBe(Date.parse('2026-11-24T12:10:00Z'));
    expect(earliestPoll([record('2026-11-24T11:00:00Z')], NOW)).toBe(NOW + 30_000);
    expect(earliestPoll([record(null, null, true)], NOW)).toBeNull();
  });
});
