import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BADGE_COLOR, BADGE_ERROR_COLOR, badgeState, badgeText, refreshBadge } from '@/entrypoints/background/badge';
import { saveFetchedPosts, setRead } from '@/utils/db';
import { parseFeed } from '@/utils/feed/parse';
import { sampleFeedText } from '../../fixtures/sample';
import { useLocale } from '../../helpers/i18n';
import { follow } from '../../helpers/follow';

describe('badgeText', () => {
  it('is empty at zero, the count up to 999, then 999+', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(9)).toBe('9');
    expect(badgeText(999)).toBe('999');
    expect(badgeText(1000)).toBe('999+');
  });
});

describe('refreshBadge', () => {
  it('shows the unread count from the database, and goes down when a post is read', async () => {
    const parsed = parseFeed(sampleFeedText);
    if (!parsed.ok) throw new Error('sample rejected');
    await follow('feed');
    await saveFetchedPosts(
      'feed',
      parsed.feed,
      parsed.posts,
      { etag: null, lastModified: null },
      '2026-11-24T00:00:00Z',
    );
    expect((await refreshBadge()).text).toBe('9');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
    await setRead(['feed', 'fintech-lessons'], true, '2026-11-24T01:00:00Z');
    await refreshBadge();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('8');
  });
});

describe('badgeState', () => {
  const healthy = {
    url: 'f',
    info: { title: 'Engineering notes', homePageUrl: null, icon: null, favicon: null, language: null, expired: false },
    validators: { etag: null, lastModified: null },
    lastAttempt: '2026-11-24T10:00:00Z',
    lastSuccess: '2026-11-24T10:00:00Z',
    lastError: null,
    consecutiveFailures: 0,
    nextPoll: null,
  };
  const posts = [
    { read: false, category: 'Engineering', firstSeen: '2026-11-20T00:00:00Z', title: 'Queues', summary: '' },
    { read: false, category: 'Engineering', firstSeen: '2026-11-24T00:00:00Z', title: 'Crypto', summary: '' },
    { read: false, category: 'Career', firstSeen: '2026-11-20T00:00:00Z', title: 'Hiring', summary: 'crypto' },
    { read: true, category: 'Career', firstSeen: '2026-11-24T00:00:00Z', title: 'Salaries', summary: '' },
  ];

  it('summarises unread per category and the last update in the tooltip', () => {
    const state = badgeState(posts, [healthy], { locale: 'en-GB' });
    expect(state.text).toBe('3');
    expect(state.color).toBe(BADGE_COLOR);
    expect(state.title).toContain('3 unread');
    expect(state.title).toContain('Engineering: 2 · Career: 1');
    expect(state.title).toContain('Last updated: 24 Nov 2026');
  });

  it('turns red with a marker while a feed fails, naming the error, keeping the count', () => {
    const failing = {
      ...healthy,
      consecutiveFailures: 2,
      lastError: {
        kind: 'http' as const,
        message: 'The feed server answered HTTP 500.',
        status: 500,
        at: '2026-11-24T11:00:00Z',
      },
    };
    const state = badgeState(posts, [failing], { locale: 'en-GB' });
    expect(state).toMatchObject({ text: '3!', color: BADGE_ERROR_COLOR });
    expect(state.title).toContain("Can't refresh Engineering notes: The feed server answered HTTP 500.");
    expect(state.title).toContain('Last updated: 24 Nov 2026');
    expect(badgeState([], [failing]).text).toBe('!');
    // A record an older version stored has no status; its English message is not mined for one.
    const { status: _dropped, ...stored } = failing.lastError;
    expect(badgeState(posts, [{ ...failing, lastError: stored }]).title).toContain(
      "Can't refresh Engineering notes: The feed server answered with an error.",
    );
  });

  it('speaks German in a German browser: counts, categories, the error and the date', () => {
    useLocale('de');
    const failing = {
      ...healthy,
      consecutiveFailures: 1,
      lastError: {
        kind: 'http' as const,
        message: 'The feed server answered HTTP 500.',
        status: 500,
        at: '2026-11-24T11:00:00Z',
      },
    };
    const lines = badgeState(
      [...posts, { read: false, category: 'Uncategorized', firstSeen: '', title: '', summary: '' }],
      [failing],
    ).title.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Digest – 4 ungelesen',
      'Engineering: 2 · Career: 1 · Ohne Kategorie: 1',
      'Engineering notes lässt sich nicht aktualisieren: Der Feed-Server antwortete mit HTTP 500.',
    ]);
    expect(lines[3]).toMatch(/^Zuletzt aktualisiert: 24\.11\.2026, \d\d:\d\d$/);
    expect(badgeState([], []).title).toBe('Digest – alles gelesen\nZuletzt aktualisiert: nie');
  });

  it('says "1 unread" and "all caught up" in English', () => {
    expect(badgeState([posts[0]!], [healthy]).title).toMatch(/^Digest — 1 unread\n/);
    expect(badgeState([], []).title).toBe('Digest — all caught up\nLast updated: never');
  });

  it('counts only posts that arrived since the last look in "new" mode', () => {
    expect(badgeState(posts, [healthy], { newSince: '2026-11-22T00:00:00Z' }).text).toBe('1');
  });

  it('leaves muted categories out of the count', () => {
    expect(badgeState(posts, [healthy], { muted: ['Engineering'] }).text).toBe('1');
  });

  it('leaves out posts muted words hide: they are in no page, so the badge never counts them', () => {
    const state = badgeState(posts, [healthy], { mutedWords: ['crypto'], locale: 'en-GB' });
    expect(state.text).toBe('1');
    expect(state.title).toMatch(/^Digest — 1 unread\nEngineering: 1\n/);
  });
});
