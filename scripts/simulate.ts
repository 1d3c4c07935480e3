// `npm run simulate -- --readers 100000 --interval 30m --hours 24 [--json]`: many readers polling one
// feed with Digest's real scheduler (see scripts/simulation.ts for the model), and what it costs the publisher.
import { simulate, type SimulationResult } from './simulation';

const USAGE = `Usage: npm run simulate -- [--readers N] [--interval 30m|2h|45] [--hours H] [--seed N] [--no-outage] [--json]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

/** "30m", "2h", "45" (minutes) → minutes. */
function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|h)?$/.exec(value);
  if (!match) fail(`Not a duration: ${value}`);
  return Number(match[1]) * (match[2] === 'h' ? 60 : 1);
}

function parseArgs(argv: string[]) {
  const options = { readers: 100_000, intervalMinutes: 30, hours: 24, seed: 1, outage: true, json: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--readers') options.readers = Math.floor(Number(value()));
    else if (arg === '--interval') options.intervalMinutes = parseDuration(value());
    else if (arg === '--hours') options.hours = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--no-outage') options.outage = false;
    else if (arg === '--json') options.json = true;
    else fail(`Unknown option: ${arg}`);
  }
  if (!(options.readers > 0) || !(options.hours > 0) || !(options.intervalMinutes >= 15)) {
    fail('Readers and hours must be positive; the interval at least 15 minutes (Digest’s shortest).');
  }
  return options;
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** Requests per hour as a bar chart, so a herd (a spike) is visible at a glance. */
function chart(result: SimulationResult): string[] {
  const hours: number[] = [];
  for (let i = 0; i < result.perMinute.length; i += 60) {
    hours.push(Math.max(...result.perMinute.slice(i, i + 60)));
  }
  const top = Math.max(...hours);
  return hours.map(
    (peak, hour) =>
      `  ${String(hour).padStart(2, '0')}:00  ${'█'.repeat(Math.round((peak / top) * 40)).padEnd(40)} ${peak}`,
  );
}

const options = parseArgs(process.argv.slice(2));
const started = performance.now();
const result = simulate({
  readers: options.readers,
  intervalMinutes: options.intervalMinutes,
  hours: options.hours,
  seed: options.seed,
  ...(options.outage ? {} : { outage: null }),
});
// Exactly the documented fields, in order.
const summary = {
  readers: result.readers,
  meanPerMinute: result.meanPerMinute,
  peakPerMinute: result.peakPerMinute,
  share304: result.share304,
  bytesWithConditional: result.bytesWithConditional,
  bytesWithout: result.bytesWithout,
  latencyP50Minutes: result.latencyP50Minutes,
  latencyP95Minutes: result.latencyP95Minutes,
};
if (options.json) {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} else {
  const ratio = result.peakPerMinute / result.meanPerMinute;
  const lines = [
    `${result.readers.toLocaleString('en')} readers, every ${options.intervalMinutes} min, ${options.hours} h` +
      `${options.outage ? ', a 30-minute outage at 12:00 UTC' : ''}, one post a day at 10:00 UTC` +
      ` (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    '',
    `Requests per minute   mean ${result.meanPerMinute.toFixed(0)}, peak ${result.peakPerMinute} (${ratio.toFixed(2)} × mean; goal ≤ 1.5 ×: ${ratio <= 1.5 ? 'met' : 'NOT met'})`,
    `Answered 304          ${(result.share304 * 100).toFixed(1)} % (goal > 95 %: ${result.share304 > 0.95 ? 'met' : 'NOT met'})`,
    `Bytes served          ${gigabytes(result.bytesWithConditional)} with conditional requests, ${gigabytes(result.bytesWithout)} without`,
    `A new post reaches    half the readers in ${result.latencyP50Minutes.toFixed(0)} min, 95 % in ${result.latencyP95Minutes.toFixed(0)} min`,
    `                      (95 % of readers whose browser was running: ${result.latencyAwakeP95Minutes.toFixed(0)} min; the rest were asleep)`,
    '',
    'Peak requests per minute, hour by hour (UTC):',
    ...chart(result),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
