// The compact item format of the synced reading list (#15). One `storage.sync` item per feed, keyed
// `s1.` + 8 base64url characters of the feed URL's hash (48 bits: two of 500 feeds share a key with a
// chance of 4·10⁻¹⁰, and the URL inside the value tells them apart), and one item `s1.folders`. The `1`
// is the format's version: a later format takes new keys and leaves these to older Digests.
//
// A feed's value, every time in minutes since the Unix epoch written in base36 (5 characters until 2084):
//   { "u": url,
//     "s": time followed,  "t": title, "g": folder, "a": "n" | "b" | "q"   (only while followed; t, g, a
//                                                                          only when not null)
//     "x": time of the latest removal (alone, without "s": the feed is removed: a tombstone),
//     "w": "before.at,before.at"                     watermarks,
//     "r": "TTTTTTHHHHHhhhhhDHHHHH…"                 read marks, grouped by minute,
//     "n": same as "r"                               unread marks }
// Marks of one minute share one group: its time, then its 5-character hashes (a reading session costs 5
// bytes a post). Groups are sorted by time; the first gives its minute, each after it the difference from
// the one before, both in base 25 written with punctuation (DELTA_DIGITS), so no separator is needed: a
// mark alone in its minute costs 5 + 2 characters within 10 hours of the one before, 5 + 3 within 10 days.
// Everything is sorted, so equal states give equal values and no browser rewrites an unchanged item.
import type { FeedAlerts } from '../db';
import {
  POST_HASH_CHARS,
  shortHash,
  staircase,
  type FeedRecord,
  type FolderRecord,
  type Mark,
  type Minute,
} from './record';

/** The prefix of every key the reading list's sync writes (the preferences use `preferences` and `preferences$`). */
export const SYNC_KEY_PREFIX = 's1.';

/** The key of the folders' item. */
export const FOLDERS_KEY = `${SYNC_KEY_PREFIX}folders`;

/** The key a feed's record is synced under. */
export function feedKey(url: string): string {
  return SYNC_KEY_PREFIX + shortHash(url, 8);
}

/** Whether a `storage.sync` key holds a feed's record. */
export function isFeedKey(key: string): boolean {
  return key.startsWith(SYNC_KEY_PREFIX) && key !== FOLDERS_KEY;
}

const ALERT_CODES: Record<FeedAlerts, string> = { notify: 'n', badge: 'b', quiet: 'q' };
const ALERTS_BY_CODE = new Map(Object.entries(ALERT_CODES).map(([alerts, code]) => [code, alerts as FeedAlerts]));

const TIME = /^[0-9a-z]{1,9}$/;

function time36(minute: Minute): string {
  return minute.toString(36);
}

/** An optional text field: null when absent, undefined when not a string (malformed). */
function optionalText(field: unknown): string | null | undefined {
  return field === undefined ? null : typeof field === 'string' ? field : undefined;
}

function parseTime(text: unknown): Minute | null {
  return typeof text === 'string' && TIME.test(text) ? parseInt(text, 36) : null;
}

/**
 * The digits of a time difference in marks: the 25 ASCII punctuation characters JSON writes as themselves
 * that are neither base64url (the hashes) nor escaped by Chrome ('"', '\\', '<', '>', '&'), so a group needs
 * no separator: its digits end where its hashes begin.
 */
const DELTA_DIGITS = "!#$%'()*+,./:;=?@[]^`{|}~";
const DELTA_BASE = DELTA_DIGITS.length;
const DELTA_VALUE = new Map([...DELTA_DIGITS].map((digit, value) => [digit, value]));
const escapeClass = (chars: string) => chars.replace(/[\]\\^-]/g, '\\$&');
const GROUP = new RegExp(`([${escapeClass(DELTA_DIGITS)}]+)((?:[A-Za-z0-9_-]{${POST_HASH_CHARS}})+)`, 'y');

/** A time difference in DELTA_DIGITS. */
export function deltaText(minutes: Minute): string {
  let out = '';
  do {
    out = DELTA_DIGITS[minutes % DELTA_BASE]! + out;
    minutes = Math.floor(minutes / DELTA_BASE);
  } while (minutes > 0);
  return out;
}

/** Marks of one kind (read or unread) as groups of hashes by time, each time after the first as a difference. */
function encodeMarks(marks: Iterable<[string, Mark]>, read: boolean): string {
  const byTime = new Map<Minute, string[]>();
  for (const [hash, mark] of marks) {
    if (mark.read !== read) continue;
    const group = byTime.get(mark.at);
    if (group) group.push(hash);
    else byTime.set(mark.at, [hash]);
  }
  let previous = 0;
  const groups: string[] = [];
  for (const at of [...byTime.keys()].toSorted((a, b) => a - b)) {
    groups.push(deltaText(at - previous) + byTime.get(at)!.toSorted().join(''));
    previous = at;
  }
  return groups.join('');
}

/** The marks of an `r` or `n` field, or null when it is malformed. */
function decodeMarks(text: unknown, read: boolean, into: Map<string, Mark>): boolean {
  if (text === undefined) return true;
  if (typeof text !== 'string') return false;
  let at = 0;
  GROUP.lastIndex = 0;
  while (GROUP.lastIndex < text.length) {
    const match = GROUP.exec(text);
    if (!match || match[1]!.length > 8) return false;
    let step = 0;
    for (const digit of match[1]!) step = step * DELTA_BASE + DELTA_VALUE.get(digit)!;
    at += step;
    const hashes = match[2]!;
    for (let i = 0; i < hashes.length; i += POST_HASH_CHARS) {
      const hash = hashes.slice(i, i + POST_HASH_CHARS);
      const mark = { read, at };
      const other = into.get(hash);
      // One hash in both fields (two ids sharing a hash, merged elsewhere): the newer wins, as in a merge.
      if (!other || other.at < at || (other.at === at && !read)) into.set(hash, mark);
    }
  }
  return true;
}

/** A feed's record as its `storage.sync` value (see the format above). */
export function encodeFeedRecord(record: FeedRecord, marks: Iterable<[string, Mark]> = record.marks): object {
  const value: Record<string, string> = { u: record.url };
  if (record.followed) {
    value.s = time36(record.at);
    if (record.settings.title !== null) value.t = record.settings.title;
    if (record.settings.folder !== null) value.g = record.settings.folder;
    if (record.settings.alerts !== null) value.a = ALERT_CODES[record.settings.alerts];
  }
  if (record.removedAt !== null) value.x = time36(record.removedAt);
  if (record.watermarks.length > 0) {
    value.w = record.watermarks.map((mark) => `${time36(mark.before)}.${time36(mark.at)}`).join(',');
  }
  const list = [...marks];
  const read = encodeMarks(list, true);
  const unread = encodeMarks(list, false);
  if (read) value.r = read;
  if (unread) value.n = unread;
  return value;
}

/** A feed's record from its `storage.sync` value, or null when the value is not one (malformed, or another format). */
export function decodeFeedRecord(value: unknown): FeedRecord | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const fields = value as Record<string, unknown>;
  if (typeof fields.u !== 'string') return null;
  const followedAt = fields.s === undefined ? null : parseTime(fields.s);
  const removedAt = fields.x === undefined ? null : parseTime(fields.x);
  if (fields.s !== undefined && followedAt === null) return null;
  if (fields.x !== undefined && removedAt === null) return null;
  if (followedAt === null && removedAt === null) return null;
  const title = optionalText(fields.t);
  const folder = optionalText(fields.g);
  const alerts = fields.a === undefined ? null : ALERTS_BY_CODE.get(String(fields.a));
  if (title === undefined || folder === undefined || alerts === undefined) return null;
  const watermarks = [];
  if (fields.w !== undefined) {
    if (typeof fields.w !== 'string') return null;
    for (const pair of fields.w.split(',')) {
      const [before, at, extra] = pair.split('.').map(parseTime);
      if (before == null || at == null || extra !== undefined) return null;
      watermarks.push({ before, at });
    }
  }
  const marks = new Map<string, Mark>();
  if (!decodeMarks(fields.r, true, marks) || !decodeMarks(fields.n, false, marks)) return null;
  return {
    url: fields.u,
    followed: followedAt !== null,
    settings: { title, folder, alerts },
    at: followedAt ?? removedAt!,
    removedAt,
    watermarks: staircase(watermarks),
    marks,
  };
}

/** The folders' registers as one `storage.sync` value: `{ name: "alerts-code.time" }`. */
export function encodeFolders(folders: ReadonlyMap<string, FolderRecord>): object {
  const value: Record<string, string> = {};
  for (const name of [...folders.keys()].toSorted()) {
    const folder = folders.get(name)!;
    value[name] = `${ALERT_CODES[folder.alerts]}.${time36(folder.at)}`;
  }
  return value;
}

/** The folders' registers from their `storage.sync` value; malformed entries are skipped. */
export function decodeFolders(value: unknown): Map<string, FolderRecord> {
  const folders = new Map<string, FolderRecord>();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return folders;
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') continue;
    const [code, time] = entry.split('.');
    const alerts = ALERTS_BY_CODE.get(code ?? '');
    const at = parseTime(time);
    if (alerts !== undefined && at !== null) folders.set(name, { alerts, at });
  }
  return folders;
}
