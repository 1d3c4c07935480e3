// The polling simulation (scripts/simulation.ts) drives the real scheduler: these are the publisher's goals.
import { describe, expect, it } from 'vitest';
import { seededRandom, simulate } from '../../scripts/simulation';

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

describe('simulate', () => {
  const result = simulate({ readers: 20_000, intervalMinutes: 30, hours: 24, seed: 7 });

  it('keeps the peak minute within 1.5 × the mean, through a 30-minute outage', () => {
    expect(result.peakPerMinute).toBeLessThanOrEqual(1.5 * result.meanPerMinute);
    // The half hour after the outage (12:30–13:00 UTC) has no herd of retries either.
    const afterOutage = result.perMinute.slice(12 * 60 + 30, 13 * 60);
    expect(Math.max(...afterOutage)).toBeLessThanOrEqual(1.5 * result.meanPerMinute);
  });

  it('answers over 95 % of polls with 304 when the blog posts daily, saving most of the bytes', () => {
    expect(result.share304).toBeGreaterThan(0.95);
    expect(result.bytesWithConditional).toBeLessThan(result.bytesWithout / 10);
  });

  it('polls each reader about once an interval while the browser runs', () => {
    // 20,000 readers every 30 min would be 667 a minute if every browser ran all day; laptops sleep.
    expect(result.meanPerMinute).toBeGreaterThan(400);
    expect(result.meanPerMinute).toBeLessThan(700);
  });

  it('brings a new post to readers whose browser runs within about one interval', () => {
    expect(result.latencyAwakeP95Minutes).toBeLessThanOrEqual(33);
    expect(result.latencyP50Minutes).toBeLessThan(result.latencyP95Minutes);
  });

  it('is repeatable for a seed', () => {
    const again = simulate({ readers: 500, intervalMinutes: 30, hours: 6, seed: 3 });
    expect(simulate({ readers: 500, intervalMinutes: 30, hours: 6, seed: 3 })).toEqual(again);
    expect(seededRandom(1)()).not.toBe(seededRandom(2)());
  });

  it('sends no extra requests while the server is down', () => {
    const outage = result.perMinute.slice(12 * 60, 12 * 60 + 30);
    const before = result.perMinute.slice(11 * 60, 11 * 60 + 30);
    expect(sum(outage)).toBeLessThanOrEqual(sum(before) * 1.1);
  });
});
