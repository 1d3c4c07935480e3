// @vitest-environment happy-dom
// A post's picture, its feed's icon and language in the pages (#13).
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PostItem } from '@/components/PostItem';
import { feedIconUrl, isHttpImageUrl } from '@/components/RemoteImage';
import { feedLabelsOf, type FeedLabel } from '@/components/useSession';
import type { DigestData } from '@/components/digest-data';
import { NewTabApp } from '@/entrypoints/newtab/NewTabApp';
import { PopupApp } from '@/entrypoints/popup/PopupApp';
import { FeedsSection } from '@/entrypoints/options/FeedsSection';
import firstPaintScript from '@/entrypoints/first-paint';
import { mountPage, writeKept, type KeptPage } from '@/components/mount';
import { emptyFeedState, type FeedState, type PostView } from '@/utils/db';
import type { FeedInfo } from '@/utils/feed/parse';
import { loadedDigest, postView } from '../helpers/posts';

// The pages' data layer answers with the test's data.
const loaded = vi.hoisted(() => ({ data: null as unknown }));
vi.mock('@/components/data-source', async (original) => ({
  ...(await original<typeof import('@/components/data-source')>()),
  loadDigest: () => Promise.resolve(loaded.data),
}));

const NOW = Date.parse('2026-11-25T08:00:00Z');
const A = 'https://a.test/feed.xml';
const B = 'https://b.test/feed.json';

function info(fields: Partial<FeedInfo> = {}): FeedInfo {
  return { title: 'Feed', homePageUrl: null, icon: null, favicon: null, language: null, expired: false, ...fields };
}

function feedState(url: string, fields: Partial<FeedInfo>): FeedState {
  return { ...emptyFeedState(url), info: info(fields) };
}

function post(id: string, feedUrl: string, fields: Partial<PostView> = {}): PostView {
  return postView(id, {
    feedUrl,
    url: `${feedUrl}#${id}`,
    title: `Post ${id}`,
    summary: `About ${id}`,
    published: '2026-11-25T06:00:00Z',
    image: `https://img.test/${id}.png`,
    ...fields,
  });
}

const FEEDS = [
  feedState(A, {
    title: 'Alpha',
    favicon: 'https://a.test/favicon.png',
    icon: 'https://a.test/logo.png',
    language: 'de',
  }),
  feedState(B, { title: 'Beta', icon: 'https://b.test/icon.png', language: 'fr-CA' }),
];

function digest(followed: string[]): DigestData {
  return loadedDigest({
    posts: [post('a1', A), post('b1', B)].filter((p) => followed.includes(p.feedUrl)),
    feeds: FEEDS.filter((feed) => followed.includes(feed.url)),
    followed,
  });
}

function renderItem(item: PostView, fields: { feed?: FeedLabel; thumbnail?: boolean } = {}): HTMLElement {
  render(
    <ul>
      <PostItem post={item} now={NOW} {...fields} />
    </ul>,
    document.body,
  );
  return document.body.querySelector('.post')!;
}

function renderPage(page: 'popup' | 'newtab', data: DigestData): HTMLElement {
  loaded.data = data;
  const start = { data, now: NOW, previousVisit: null, hash: '' };
  render(page === 'popup' ? <PopupApp start={start} /> : <NewTabApp start={start} />, document.body);
  return document.body;
}

const subscriptions = (urls: string[]) =>
  urls.map((url) => ({ url, addedAt: '2026-01-01T00:00:00Z', title: null, folder: null, alerts: null }));

/** The options page's feed list with these feeds followed. */
function showFeeds(urls: string[]) {
  render(
    <FeedsSection feeds={subscriptions(urls)} states={FEEDS} postCounts={new Map()} nextCheck={null} now={NOW} />,
    document.body,
  );
}

const srcs = (root: ParentNode, selector: string) =>
  [...root.querySelectorAll<HTMLImageElement>(selector)].map((image) => image.getAttribute('src'));

afterEach(() => render(null, document.body));

describe('the post’s picture', () => {
  it('is a lazy, referrer-less, decorative thumbnail where asked (the new tab)', () => {
    const image = renderItem(post('p', A), { thumbnail: true }).querySelector<HTMLImageElement>('img.post-thumb')!;
    expect(image.getAttribute('src')).toBe('https://img.test/p.png');
    expect(image.getAttribute('alt')).toBe('');
    expect(image.getAttribute('loading')).toBe('lazy');
    expect(image.getAttribute('decoding')).toBe('async');
    expect(image.getAttribute('referrerpolicy')).toBe('no-referrer');
  });

  it('is not shown where not asked (the popup), nor when the post has none', () => {
    expect(renderItem(post('p', A)).querySelector('img')).toBeNull();
    expect(renderItem(post('p', A, { image: null }), { thumbnail: true }).querySelector('img')).toBeNull();
    // A post from a snapshot kept before pictures were stored.
    const { image: _image, ...old } = post('p', A);
    expect(renderItem(old as PostView, { thumbnail: true }).querySelector('img')).toBeNull();
  });

  it.each([
    'javascript:alert(1)',
    'data:image/png;base64,AAAA',
    '/relative.png',
    'https://user:pw@img.test/p.png',
    `https://img.test/${'x'.repeat(3000)}.png`,
    'blob:https://img.test/1',
  ])('is never rendered from %j (checked again at render)', (src) => {
    const item = renderItem(post('p', A, { image: src }), {
      thumbnail: true,
      feed: { name: 'Alpha', icon: src, language: null },
    });
    expect(item.querySelector('img')).toBeNull();
    expect(item.innerHTML).not.toContain(src.slice(0, 30));
  });

  it('leaves its box in place, empty, when it fails to load', () => {
    const image = renderItem(post('p', A), { thumbnail: true }).querySelector<HTMLImageElement>('img.post-thumb')!;
    image.dispatchEvent(new Event('error'));
    return vi.waitFor(() => expect(document.body.querySelector('img.post-thumb')?.classList).toContain('failed'));
  });
});

describe('the feed’s icon', () => {
  it('is a fixed box beside the name; without an icon it shows the name’s initial, drawn by CSS, not as text', () => {
    const withIcon = renderItem(post('p', A), {
      feed: { name: 'alpha', icon: 'https://a.test/i.png', language: null },
    });
    expect(withIcon.querySelector('.post-feed .feed-icon img')?.getAttribute('src')).toBe('https://a.test/i.png');
    expect(withIcon.querySelector('.feed-icon')?.getAttribute('aria-hidden')).toBe('true');
    const without = renderItem(post('p', A), { feed: { name: 'émile', icon: null, language: null } });
    expect(without.querySelector('.feed-icon img')).toBeNull();
    expect(without.querySelector('.feed-icon')?.getAttribute('data-initial')).toBe('É');
    expect(without.querySelector('.post-feed')?.textContent).toBe('émile');
  });
});

describe('the feed’s language', () => {
  it('is the lang of the post’s title and summary, not of Digest’s own words', () => {
    const item = renderItem(post('p', A), { feed: { name: 'Alpha', icon: null, language: 'de' } });
    expect(item.querySelector('.post-title a')?.getAttribute('lang')).toBe('de');
    expect(item.querySelector('.post-summary')?.getAttribute('lang')).toBe('de');
    expect(item.querySelector('.post-feed [lang]')?.getAttribute('lang')).toBe('de');
    expect(item.querySelector('.post-meta time')?.hasAttribute('lang')).toBe(false);
    const noLink = renderItem(post('p', A, { url: null }), { feed: { name: null, icon: null, language: 'de' } });
    expect(noLink.querySelector('.post-title [lang]')?.textContent).toBe('Post p');
    expect(noLink.querySelector('.no-link')?.closest('[lang]')).toBeNull();
  });

  it('is left out when the feed names none', () => {
    expect(
      renderItem(post('p', A), { feed: { name: null, icon: null, language: null } }).querySelector('[lang]'),
    ).toBeNull();
  });
});

describe('feedLabelsOf', () => {
  it('names a feed and shows its icon only where several are followed; its language always', () => {
    expect(feedLabelsOf(FEEDS, [A]).get(A)).toEqual({ name: null, icon: null, language: 'de' });
    const both = feedLabelsOf(FEEDS, [A, B]);
    // The favicon when there is one (small, square), else the icon.
    expect(both.get(A)).toEqual({ name: 'Alpha', icon: 'https://a.test/favicon.png', language: 'de' });
    expect(both.get(B)).toEqual({ name: 'Beta', icon: 'https://b.test/icon.png', language: 'fr-CA' });
  });

  it('shows no icon that is not http(s), and reads a record kept before icons were', () => {
    expect(feedIconUrl({ favicon: 'javascript:alert(1)', icon: 'https://a.test/i.png' })).toBe('https://a.test/i.png');
    expect(feedIconUrl({ favicon: null, icon: 'data:image/svg+xml,<svg onload=alert(1)>' })).toBeNull();
    expect(feedIconUrl({ title: 'Old' } as unknown as FeedInfo)).toBeNull();
    expect(feedIconUrl(null)).toBeNull();
    expect(isHttpImageUrl('http://a.test/x.png')).toBe(true);
    expect(isHttpImageUrl('//a.test/x.png')).toBe(false);
  });
});

describe('the pages', () => {
  it('the new tab shows each post’s thumbnail, and feed icons beside the names when two feeds are followed', async () => {
    const page = renderPage('newtab', digest([A, B]));
    await vi.waitFor(() => expect(page.querySelectorAll('li.post')).toHaveLength(2));
    expect(srcs(page, 'li.post img.post-thumb').toSorted()).toEqual([
      'https://img.test/a1.png',
      'https://img.test/b1.png',
    ]);
    expect(srcs(page, '.post-feed img.feed-icon-image').toSorted()).toEqual([
      'https://a.test/favicon.png',
      'https://b.test/icon.png',
    ]);
    // The feeds' health in the footer too.
    expect(srcs(page, '.health-list img.feed-icon-image')).toHaveLength(2);
  });

  it('the popup shows the feed icons but no thumbnails', async () => {
    const page = renderPage('popup', digest([A, B]));
    await vi.waitFor(() => expect(page.querySelectorAll('li.post')).toHaveLength(2));
    expect(page.querySelector('img.post-thumb')).toBeNull();
    expect(srcs(page, '.post-feed img.feed-icon-image')).toHaveLength(2);
  });

  it('with pictures turned off, no page loads any: icons show their letter, posts no thumbnail', async () => {
    for (const name of ['popup', 'newtab'] as const) {
      const data = digest([A, B]);
      const page = renderPage(name, { ...data, preferences: { ...data.preferences, showPictures: false } });
      await vi.waitFor(() => expect(page.querySelectorAll('li.post')).toHaveLength(2));
      expect(page.querySelectorAll('img')).toHaveLength(0);
      expect(
        [...page.querySelectorAll('.post-feed .feed-icon')].map((icon) => icon.getAttribute('data-initial')).toSorted(),
      ).toEqual(['A', 'B']);
      render(null, document.body);
    }
  });

  it('with one feed followed, no page shows an icon; the new tab still shows thumbnails', async () => {
    for (const name of ['popup', 'newtab'] as const) {
      const page = renderPage(name, digest([A]));
      await vi.waitFor(() => expect(page.querySelectorAll('li.post')).toHaveLength(1));
      expect(page.querySelector('.feed-icon')).toBeNull();
      expect(page.querySelectorAll('img.post-thumb')).toHaveLength(name === 'newtab' ? 1 : 0);
      render(null, document.body);
    }
  });

  it('the options page shows each feed’s icon beside its name where several are followed', () => {
    showFeeds([A, B]);
    expect(srcs(document.body, '.feed-title img.feed-icon-image')).toEqual([
      'https://a.test/favicon.png',
      'https://b.test/icon.png',
    ]);
    expect(document.body.querySelector('.feed-title [lang="de"]')?.textContent).toBe('Alpha');
    showFeeds([A]);
    expect(document.body.querySelector('img, .feed-icon')).toBeNull();
  });
});

describe('the kept first frame', () => {
  const newtab: KeptPage = { name: 'newtab', App: NewTabApp };

  it('keeps the pictures with their attributes, and the app renders over them without a change', () => {
    const data = digest([A, B]);
    writeKept(newtab, data, NOW);
    // The new tab opened again: its classic script paints the kept markup before the app loads.
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(
      'chrome-extension://digest/newtab.html',
    );
    document.body.innerHTML = '<div id="app"></div>';
    vi.spyOn(Date, 'now').mockReturnValue(NOW + 1000);
    firstPaintScript.main();
    vi.mocked(Date.now).mockRestore();
    const app = document.getElementById('app')!;
    const thumbnail = app.querySelector<HTMLImageElement>('img.post-thumb')!;
    expect(thumbnail.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(thumbnail.getAttribute('loading')).toBe('lazy');
    expect(srcs(app, '.post-feed img.feed-icon-image')).toHaveLength(2);
    const paintedText = app.textContent;
    const paintedImages = srcs(app, 'img');
    loaded.data = data;
    // The app starts at the same moment: its first render is the frame, so nothing in it changes.
    vi.spyOn(Date, 'now').mockReturnValue(NOW + 1000);
    mountPage(newtab);
    vi.mocked(Date.now).mockRestore();
    // The same text and pictures, the kept image elements reused (no picture loads twice).
    expect(app.textContent).toBe(paintedText);
    expect(srcs(app, 'img')).toEqual(paintedImages);
    expect(app.querySelector('img.post-thumb')).toBe(thumbnail);
    render(null, app);
    localStorage.clear();
  });
});
