// @vitest-environment happy-dom
// The open options page re-reads only what changed (#14): a change to one feed reads that feed's posts, not
// every post, so an open page no longer slows an OPML import of hundreds of feeds.
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OptionsApp } from '@/entrypoints/options/OptionsApp';
import { changeHere } from '@/utils/changes';
import { saveFetchedPosts } from '@/utils/db';
import type { NormalizedPost } from '@/utils/feed/parse';
import { sendMessage } from '@/utils/messages';
import { follow } from '../../helpers/follow';
import { NO_VALIDATORS, feedInfo, undatedPost } from '../../helpers/posts';

vi.mock('@/utils/messages', () => ({ sendMessage: vi.fn<typeof sendMessage>(async () => undefined as never) }));

const info = feedInfo();
const noValidators = NO_VALIDATORS;
const post = (id: string): NormalizedPost => undatedPost(id);

/** From now on, which posts the page reads: 'every post' (the store's getAll) or one feed's (by its index). */
function watchPostReads(): string[] {
  const reads: string[] = [];
  const storeGetAll = IDBObjectStore.prototype.getAll;
  const indexGetAll = IDBIndex.prototype.getAll;
  vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(function (this: IDBObjectStore, ...args) {
    if (this.name === 'posts') reads.push('every post');
    return storeGetAll.apply(this, args);
  });
  vi.spyOn(IDBIndex.prototype, 'getAll').mockImplementation(function (this: IDBIndex, ...args) {
    if (this.objectStore.name === 'posts') reads.push(String(args[0]));
    return indexGetAll.apply(this, args);
  });
  return reads;
}

afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('OptionsApp', () => {
  it('re-reads only the posts of the feed a change names, and nothing on a read mark', async () => {
    await follow('https://a.example/feed', 'https://b.example/feed');
    await saveFetchedPosts('https://a.example/feed', info, [post('1')], noValidators, '2026-01-01T00:00:00Z');
    await saveFetchedPosts(
      'https://b.example/feed',
      info,
      [post('1'), post('2')],
      noValidators,
      '2026-01-01T00:00:00Z',
    );
    render(<OptionsApp />, document.body);
    await vi.waitFor(() => expect(document.body.textContent).toContain('2 posts'));

    // The worker's write, then its announcement: what the page reads from then on is watched.
    await saveFetchedPosts(
      'https://a.example/feed',
      info,
      [post('1'), post('2'), post('3')],
      noValidators,
      '2026-01-02T00:00:00Z',
    );
    const reads = watchPostReads();

    changeHere({ kind: 'read', keys: [['https://b.example/feed', '1']], read: true });
    changeHere({ kind: 'posts', feeds: ['https://a.example/feed'] });
    await vi.waitFor(() => expect(document.body.textContent).toContain('3 posts'));
    expect(reads).toEqual(['https://a.example/feed']);
  });

  it('on a feeds change reads only the posts of the feeds newly followed', async () => {
    await follow('https://a.example/feed');
    await saveFetchedPosts('https://a.example/feed', info, [post('1')], noValidators, '2026-01-01T00:00:00Z');
    render(<OptionsApp />, document.body);
    await vi.waitFor(() => expect(document.body.textContent).toContain('1 post'));

    await follow('https://b.example/feed');
    await saveFetchedPosts(
      'https://b.example/feed',
      info,
      [post('1'), post('2')],
      noValidators,
      '2026-01-02T00:00:00Z',
    );
    const reads = watchPostReads();
    changeHere({ kind: 'feeds' });
    await vi.waitFor(() => expect(document.body.textContent).toContain('2 posts'));
    expect(reads).toEqual(['https://b.example/feed']);
  });
});
