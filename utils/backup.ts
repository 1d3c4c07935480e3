import type { ReadMark } from './db';
import { normalizePreferences, type FeedSubscription, type Preferences } from './settings';
import { safeUrl } from './feed-schema';
import { z } from './zod';

/** Everything a reader can take to another browser: feeds, preferences and read marks. */
export interface DigestExport {
  format: 'digest-export';
  version: 1;
  exportedAt: string;
  feeds: FeedSubscription[];
  preferences: Preferences;
  reads: ReadMark[];
}

/** The bundled sample feed as another browser names it (its extension id differs from ours). */
const BUNDLED_SAMPLE = /^(chrome|moz)-extension:\/\/[^/]+\/sample-feed\.json$/;

/** Whether an exported feed URL is the bundled sample feed of some Digest install. */
export function isBundledSample(url: string): boolean {
  return BUNDLED_SAMPLE.test(url);
}

const feedUrl = z.string().refine((url) => safeUrl(url) === url || isBundledSample(url), {
  message: 'a feed address must be http(s)',
});

const exportSchema = z.object({
  format: z.literal('digest-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  feeds: z.array(z.object({ url: feedUrl, addedAt: z.string().catch(() => new Date(0).toISOString()) })).max(500),
  preferences: z.unknown(),
  reads: z
    .array(z.object({ feedUrl: z.string().min(1), id: z.string().min(1), readAt: z.string().min(1) }))
    .max(1_000_000),
});

/** An import that could not be read, with a reason a reader can act on. */
export interface ImportError {
  kind: 'not-json' | 'invalid-export';
  message: string;
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

/** Reads an export file; never throws. Preferences are repaired field by field, like stored ones. */
export function parseExport(text: string): { ok: true; data: DigestExport } | { ok: false; error: ImportError } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: { kind: 'not-json', message: 'That file is not JSON.' } };
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? ` (${issue.path.join('.') || 'file'}: ${issue.message})` : '';
    return { ok: false, error: { kind: 'invalid-export', message: `That file is not a Digest export${where}.` } };
  }
  return { ok: true, data: { ...parsed.data, preferences: normalizePreferences(parsed.data.preferences) } };
}

/** Feeds after an import: the ones followed here, then the imported ones not followed yet. */
export function mergeFeeds(
  local: readonly FeedSubscription[],
  imported: readonly FeedSubscription[],
): FeedSubscription[] {
  const known = new Set(local.map((feed) => feed.url));
  return [...local, ...imported.filter((feed) => !known.has(feed.url) && known.add(feed.url))];
}
