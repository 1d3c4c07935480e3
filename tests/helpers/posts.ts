import type { DigestData } from '@/components/digest-data';
import type { PostView } from '@/utils/db';
import type { FeedInfo, NormalizedPost } from '@/utils/feed/parse';
import { DEFAULT_PREFERENCES } from '@/utils/settings';

/** Post number `id` of a feed as the parser gives it: minutes apart from 2026-01-01, in `category`. */
export function numberedPost(id: number, category = 'C'): NormalizedPost {
  return {
    id: `p${id}`,
    title: `Post ${id}`,
    url: null,
    category,
    published: new Date(Date.UTC(2026, 0, 1) + id * 60_000).toISOString(),
    modified: null,
    summary: '',
    authors: [],
    words: null,
    image: null,
  };
}

/** A post as the parser gives it, undated, in category C, titled by its id unless `fields` say otherwise. */
export function undatedPost(id: string, fields: Partial<NormalizedPost> = {}): NormalizedPost {
  return {
    id,
    title: id,
    url: null,
    category: 'C',
    published: null,
    modified: null,
    summary: '',
    authors: [],
    words: null,
    image: null,
    ...fields,
  };
}

/** A cached post as the pages get it: unread, undated and without link or summary unless `fields` say so. */
export function postView(id: string, fields: Partial<PostView> = {}): PostView {
  return {
    feedUrl: 'f',
    id,
    title: id,
    url: null,
    category: 'Uncategorized',
    authors: [],
    words: null,
    image: null,
    published: null,
    modified: null,
    summary: '',
    firstSeen: '2026-01-01T00:00:00Z',
    read: false,
    ...fields,
  };
}

/** A feed's info as the parser gives it for a blog titled `title`, with nothing else. */
export function feedInfo(title = 'Blog'): FeedInfo {
  return { title, homePageUrl: null, icon: null, favicon: null, language: null, expired: false };
}

/** A response without validators (no ETag, no Last-Modified). */
export const NO_VALIDATORS = { etag: null, lastModified: null };

/** What a page holds once IndexedDB answered with every post: `fields` over an empty digest. */
export function loadedDigest(fields: Partial<DigestData> = {}): DigestData {
  return {
    posts: [],
    feeds: [],
    followed: [],
    folders: {},
    preferences: { ...DEFAULT_PREFERENCES },
    loaded: true,
    fromSnapshot: false,
    complete: true,
    error: null,
    ...fields,
  };
}
