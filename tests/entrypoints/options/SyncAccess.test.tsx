// @vitest-environment happy-dom
// A feed followed in another browser whose site this one may not read yet (#15): the feed is listed with
// "Allow access to follow here" instead of an error, and one click asks for every waiting site in one prompt.
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FeedsSection } from '@/entrypoints/options/FeedsSection';
import { emptyFeedState, type FeedState, type FeedSubscription } from '@/utils/db';
import { sendMessage } from '@/utils/messages';
import { awaitingAccess } from '@/utils/permissions';

vi.mock('@/utils/messages', () => ({ sendMessage: vi.fn<typeof sendMessage>() }));
const send = vi.mocked(sendMessage);

const feed = (url: string): FeedSubscription => ({
  url,
  addedAt: '2026-01-01T00:00:00Z',
  title: null,
  folder: null,
  alerts: null,
});
const refused = (url: string): FeedState => ({
  ...emptyFeedState(url),
  lastAttempt: '2026-01-01T00:00:00Z',
  lastError: { kind: 'permission', message: 'not allowed', at: '2026-01-01T00:00:00Z' },
  consecutiveFailures: 1,
});
const broken = (url: string): FeedState => ({
  ...emptyFeedState(url),
  lastError: { kind: 'http', message: 'HTTP 500', status: 500, at: '2026-01-01T00:00:00Z' },
});

afterEach(() => render(null, document.body));

describe('feeds waiting for access', () => {
  it('are the feeds whose last poll lacked permission; their sites are asked for once each', () => {
    const feeds = [
      feed('https://a.test/one'),
      feed('https://a.test/two'),
      feed('https://b.test/feed'),
      feed('https://c.test/feed'),
    ];
    const states = [
      refused('https://a.test/one'),
      refused('https://a.test/two'),
      refused('https://b.test/feed'),
      broken('https://c.test/feed'),
    ];
    expect(awaitingAccess(feeds, states)).toEqual({
      urls: ['https://a.test/one', 'https://a.test/two', 'https://b.test/feed'],
      origins: ['https://a.test/*', 'https://b.test/*'],
    });
    // A feed no longer followed is not waiting for anything.
    expect(awaitingAccess([feeds[3]!], states)).toEqual({ urls: [], origins: [] });
  });

  it('show "Allow access to follow here"; one click asks once for all their sites, then fetches them', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => true);
    const feeds = [feed('https://a.test/feed'), feed('https://b.test/feed'), feed('https://c.test/feed')];
    render(
      <FeedsSection
        feeds={feeds}
        states={[refused('https://a.test/feed'), refused('https://b.test/feed'), broken('https://c.test/feed')]}
        postCounts={new Map()}
        nextCheck={null}
        now={0}
      />,
      document.body,
    );
    const buttons = [...document.querySelectorAll('button')].filter(
      (b) => b.textContent === 'Allow access to follow here',
    );
    expect(buttons).toHaveLength(2);
    expect(document.querySelector('[data-feed-url="https://a.test/feed"] .feed-error')).toBeNull();
    expect(document.querySelector('[data-feed-url="https://c.test/feed"] .feed-error')).not.toBeNull();
    buttons[1]!.click();
    await vi.waitFor(() =>
      expect(send).toHaveBeenCalledWith('refreshNow', ['https://a.test/feed', 'https://b.test/feed']),
    );
    expect(request).toHaveBeenCalledTimes(1);
    expect(request).toHaveBeenCalledWith({ origins: ['https://a.test/*', 'https://b.test/*'] });
  });
});
