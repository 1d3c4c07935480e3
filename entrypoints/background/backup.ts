import { FEED_ALERTS, type FeedSubscription, type ReadMark } from '@/utils/db';
import type { DigestError } from '@/utils/errors';
import type { DigestExport, ImportSkip, ImportSkipReason } from '@/utils/messages';
import { type Preferences, normalizePreferences } from '@/utils/settings';
import { FEED_TITLE_MAX, MAX_ID_LENGTH, safeUrl } from '@/utils/feed/parse';
import { FOLDER_MAX } from '@/utils/feed/outline';
import { z } from '@/utils/zod-mini';

/** Most feeds and read marks one import file may hold; a bigger file is refused whole. */
export const MAX_IMPORT_FEEDS = 1_000;
export const MAX_IMPORT_READS = 1_000_000;

/** The bundled sample feed as another browser names it (its extension id differs from ours). */
const BUNDLED_SAMPLE = /^(chrome|moz)-extension:\/\/[^/]+\/sample-feed\.json$/;

/** Whether an exported feed URL is the bundled sample feed of some Digest install. */
export function isBundledSample(url: string): boolean {
  return BUNDLED_SAMPLE.test(url);
}

// The envelope only: every entry is then checked on its own, so one bad entry skips that entry, not the file.
const exportSchema = z.object({
  format: z.literal('digest-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  feeds: z.array(z.unknown()).check(z.maxLength(MAX_IMPORT_FEEDS)),
  preferences: z.unknown(),
  reads: z.array(z.unknown()).check(z.maxLength(MAX_IMPORT_READS)),
});

/** A validated import: what will be applied, and what was left out. */
export interface ParsedImport {
  feeds: FeedSubscription[];
  preferences: Preferences;
  reads: ReadMark[];
  skipped: ImportSkip[];
}

/** Builds the export file's content. */
export function createExport(
  feeds: FeedSubscription[],
  preferences: Preferences,
  reads: ReadMark[],
  at: string,
): DigestExport {
  return { format: 'digest-export', version: 1, exportedAt: at, feeds, preferences, reads };
}

/** A date as an ISO time, or null for anything that is not a real date. */
function isoTime(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

/** A non-empty string of at most `max` characters (a name), or null. */
function shortText(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() !== '' && value.length <= max ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads and validates an export file; never throws. Each feed and read mark is checked on its own:
 * addresses http(s) (the bundled sample becomes `sampleUrl`), dates real dates, ids within the limit,
 * marks only for feeds in the file. What fails is counted in `skipped`; preferences are repaired field
 * by field, like stored ones.
 */
export function parseExport(
  text: string,
  sampleUrl: string,
): { ok: true; data: ParsedImport } | { ok: false; error: DigestError } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: { kind: 'not-json', message: 'That file is not JSON.' } };
  }
  const parsed = z.safeParse(exportSchema, json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? ` (${issue.path.join('.') || 'file'}: ${issue.message})` : '';
    return { ok: false, error: { kind: 'invalid-export', message: `That file is not a Digest export${where}.` } };
  }
  const skips = new Map<string, ImportSkip>();
  const skip = (entry: ImportSkip['entry'], reason: ImportSkipReason) => {
    const key = `${entry}:${reason}`;
    const known = skips.get(key);
    if (known) known.count += 1;
    else skips.set(key, { entry, reason, count: 1 });
  };
  const fallbackAddedAt = isoTime(parsed.data.exportedAt) ?? new Date(0).toISOString();

  const feeds: FeedSubscription[] = [];
  const feedUrls = new Set<string>();
  for (const raw of parsed.data.feeds) {
    const given = isRecord(raw) && typeof raw.url === 'string' ? raw.url : null;
    const url = given === null ? null : isBundledSample(given) ? sampleUrl : safeUrl(given);
    // Only an address that is already exactly what Digest stores: no credentials, nothing to repair.
    // safeUrl refuses credentials and overlong addresses; only an address already in the form Digest stores.
    if (url === null || (url !== sampleUrl && url !== given)) {
      skip('feed', 'invalid-feed-url');
      continue;
    }
    if (feedUrls.has(url)) {
      skip('feed', 'duplicate-feed');
      continue;
    }
    feedUrls.add(url);
    const entry = isRecord(raw) ? raw : {};
    feeds.push({
      url,
      addedAt: isoTime(entry.addedAt) ?? fallbackAddedAt,
      // Version 6's fields (#14); a file of an older Digest has neither, and a bad one is dropped alone.
      title: shortText(entry.title, FEED_TITLE_MAX),
      folder: shortText(entry.folder, FOLDER_MAX),
      // Version 7's (#14): how loudly the feed arrives; anything else does as its folder says.
      alerts: FEED_ALERTS.find((alerts) => alerts === entry.alerts) ?? null,
    });
  }

  const reads: ReadMark[] = [];
  for (const raw of parsed.data.reads) {
    if (!isRecord(raw) || typeof raw.feedUrl !== 'string' || typeof raw.id !== 'string' || raw.id === '') {
      skip('read', 'invalid-read');
      continue;
    }
    const feedUrl = isBundledSample(raw.feedUrl) ? sampleUrl : raw.feedUrl;
    if (!feedUrls.has(feedUrl)) {
      skip('read', 'read-of-feed-not-imported');
      continue;
    }
    if (raw.id.length > MAX_ID_LENGTH) {
      skip('read', 'id-too-long');
      continue;
    }
    const readAt = isoTime(raw.readAt);
    if (readAt === null) {
      skip('read', 'invalid-date');
      continue;
    }
    reads.push({ feedUrl, id: raw.id, readAt });
  }
  return {
    ok: true,
    data: { feeds, reads, preferences: normalizePreferences(parsed.data.preferences), skipped: [...skips.values()] },
  };
}
