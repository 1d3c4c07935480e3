import { defineExtensionMessaging } from '@webext-core/messaging';
import type { PostKey } from './db';

/** Result of a refresh, as the worker reports it to pages. */
export interface RefreshReport {
  feeds: number;
  failed: number;
  added: number;
}

/** Every message pages send the worker, with its reply type. */
interface ProtocolMap {
  /** Open a post in a new tab and mark it read. */
  openPost(key: PostKey): void;
  /** Mark a post read or unread. */
  setRead(data: { key: PostKey; read: boolean }): void;
  /** Mark many posts read or unread at once (everything visible, or one category). */
  setReadMany(data: { keys: PostKey[]; read: boolean }): void;
  /** Fetch every followed feed now. */
  refreshNow(): RefreshReport;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
