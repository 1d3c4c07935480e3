import { defineExtensionMessaging } from '@webext-core/messaging';
import type { FeedAlerts, FeedSubscription, GroupToMark, PostKey, ReadMark } from './db';
import type { DigestError } from './errors';
import type { Preferences } from './settings';

/** Everything a reader can take to another browser: feeds, preferences and read marks. */
export interface DigestExport {
  format: 'digest-export';
  version: 1;
  exportedAt: string;
  feeds: FeedSubscription[];
  preferences: Preferences;
  reads: ReadMark[];
}

/** Why an entry of an import file was left out. */
export type ImportSkipReason =
  'invalid-feed-url' | 'duplicate-feed' | 'invalid-read' | 'read-of-feed-not-imported' | 'invalid-date' | 'id-too-long';

/** How many entries of a file were left out for one reason. */
export interface ImportSkip {
  entry: 'feed' | 'read';
  reason: ImportSkipReason;
  count: number;
}

/** Posts per category of a feed just added (a list, not an object: category names are feed text, #11). */
export interface CategoryCount {
  category: string;
  count: number;
}

/** The outcome of adding a feed: what it holds, or why not (and which address needs access). */
export type AddFeedResult =
  | { ok: true; feed: { url: string; title: string; itemCount: number; categories: CategoryCount[] } }
  | {
      ok: false;
      error: DigestError;
      needsAccessTo?: string;
      /** The address was a page, and these are the feeds it advertises: the error is the one its feed gave (#13). */
      advertised?: string[];
    }
  // The address is a page offering several distinct feeds (posts, comments, a category): Digest does not guess (#13).
  | { ok: false; error: DigestError<'choose-feed'>; choices: FeedChoice[]; preselected: string };

/** A feed a page advertises, offered to the reader to pick (the same shape as utils/feed/discover.ts's FeedLink). */
export interface FeedChoice {
  url: string;
  /** Its media type: application/feed+json, application/json, application/atom+xml, application/rss+xml… */
  type: string;
  /** The page's title for it ("Blog » Comments Feed"); '' when it gave none. */
  title: string;
}

/** What an import changed, and what it left out. */
export type ImportResult =
  | { ok: true; feedsAdded: number; feedsAlreadyFollowed: number; readsMerged: number; skipped: ImportSkip[] }
  | { ok: false; error: DigestError };

/** What an OPML file would import, shown before the reader confirms (#14). */
export interface OpmlPreview {
  /** Feeds of the file not followed yet: validated and added by the import. */
  newFeeds: number;
  alreadyFollowed: number;
  /** Entries the file lists twice (the same address). */
  duplicates: number;
  /** Outlines that are no feed (no or a bad address, over the limit). */
  skipped: number;
  /** Host permission patterns the new feeds need: the page asks for all of them in one request. */
  origins: string[];
}

/** An OPML file read for its preview, or why it cannot be imported. */
export type OpmlPreviewResult = { ok: true; preview: OpmlPreview } | { ok: false; error: DigestError };

/** Whether an OPML import (or its retry) started: its progress is then the import job (utils/db.ts readImportJob). */
export type ImportStartResult = { ok: true } | { ok: false; error: DigestError };

/** Result of a refresh, as the worker reports it to pages. */
export interface RefreshReport {
  feeds: number;
  failed: number;
  added: number;
}

/** Every message pages send the worker, with its reply type. Pages read IndexedDB; the worker writes. */
interface ProtocolMap {
  /** Open a post in a new tab and mark it read. */
  openPost(key: PostKey): void;
  /** Mark a post read or unread. */
  setRead(data: { key: PostKey; read: boolean }): void;
  /** Mark many posts read or unread at once (everything visible, or one category). */
  setReadMany(data: { keys: PostKey[]; read: boolean }): void;
  /** Mark every unread post of a group read, those the page has not read too (#14). */
  markGroupRead(group: GroupToMark): void;
  /** Fetch every followed feed now, or only the given ones. */
  refreshNow(feeds?: string[]): RefreshReport;
  /** The reader looked at the digest (the badge's "new" mode counts from here). */
  markLooked(): void;
  /** Follow a feed (or the feed a blog page links to), after fetching and validating it. */
  addFeed(url: string): AddFeedResult;
  /** Unfollow a feed, deleting its posts and read marks. */
  removeFeed(url: string): void;
  /** Everything, as one export object. */
  exportData(): DigestExport;
  /** The followed feeds as OPML. */
  exportOpml(): string;
  /** Import an export file's text. */
  importData(text: string): ImportResult;
  /** Read an OPML file: what importing it would add, and the sites it needs access to. */
  previewOpml(text: string): OpmlPreviewResult;
  /** Start importing an OPML file in the worker (after the page asked for access to its sites); answers at once. */
  importOpml(text: string): ImportStartResult;
  /** Validate the failed feeds of the import again. */
  retryImport(): ImportStartResult;
  /** Stop the import: feeds added stay, the rest are not checked. */
  stopImport(): void;
  /** Forget a finished or stopped import's result. */
  clearImport(): void;
  /** Continue an import a stopped worker left unfinished (a page showing it calls this; it also keeps the worker awake). */
  resumeImport(): void;
  /** Put a feed in a folder (null: in none). */
  setFeedFolder(data: { url: string; folder: string | null }): void;
  /** Rename a folder (to an existing name: merge the two). */
  renameFolder(data: { from: string; to: string }): void;
  /** How loudly a feed arrives: `notify`, `badge` (no notifications), `quiet` (neither), null (as its folder). */
  setFeedAlerts(data: { url: string; alerts: FeedAlerts | null }): void;
  /** How loudly a folder's feeds arrive, unless a feed says otherwise. */
  setFolderAlerts(data: { folder: string; alerts: FeedAlerts }): void;
  /** Forget everything and start again with the default feed. */
  resetDigest(): void;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
