import { defineExtensionMessaging } from '@webext-core/messaging';
import type { DigestExport } from './backup';
import type { PostKey } from './db';
import type { AddFeedResult, ImportResult } from './feeds';

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
  /** Forget everything and start again with the default feed. */
  resetDigest(): void;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
