import { describe, expect, it } from 'vitest';
import { createExport, isBundledSample, parseExport } from '@/entrypoints/background/backup';
import { toOpml } from '@/utils/feed/opml';
import { DEFAULT_PREFERENCES } from '@/utils/settings';

const SAMPLE = 'chrome-extension://ours/sample-feed.json';

const file = (url: string) =>
  JSON.stringify({
    format: 'digest-export',
    version: 1,
    exportedAt: '2026-01-01T00:00:00Z',
    feeds: [{ url, addedAt: '' }],
    preferences: {},
    reads: [],
  });

describe('export files', () => {
  it('round-trip through parseExport', () => {
    const data = createExport(
      [
        {
          url: 'https://a.test/feed.json',
          addedAt: '2026-01-01T00:00:00.000Z',
          title: 'Mine',
          folder: 'Tech',
          alerts: null,
        },
        {
          url: 'https://b.test/feed.json',
          addedAt: '2026-01-01T00:00:00.000Z',
          title: null,
          folder: null,
          alerts: null,
        },
      ],
      { ...DEFAULT_PREFERENCES, badgeMode: 'new' },
      [{ feedUrl: 'https://a.test/feed.json', id: 'x', readAt: '2026-01-02T00:00:00.000Z' }],
      '2026-01-03T00:00:00.000Z',
    );
    const { feeds, preferences, reads } = data;
    expect(parseExport(JSON.stringify(data), SAMPLE)).toEqual({
      ok: true,
      data: { feeds, preferences, reads, skipped: [] },
    });
  });

  it('skip feeds that are not plain http(s) addresses, and take any install’s bundled sample as ours', () => {
    for (const url of [
      'javascript:alert(1)',
      'https://user:secret@a.test/feed.json',
      `https://a.test/${'x'.repeat(3000)}`,
    ]) {
      expect(parseExport(file(url), SAMPLE)).toEqual({
        ok: true,
        data: expect.objectContaining({
          feeds: [],
          skipped: [{ entry: 'feed', reason: 'invalid-feed-url', count: 1 }],
        }),
      });
    }
    expect(parseExport(file('chrome-extension://abc/sample-feed.json'), SAMPLE)).toMatchObject({
      ok: true,
      data: { feeds: [{ url: SAMPLE, addedAt: '2026-01-01T00:00:00.000Z' }] },
    });
    expect(isBundledSample('moz-extension://1234-5678/sample-feed.json')).toBe(true);
    expect(isBundledSample('chrome-extension://abc/other.json')).toBe(false);
  });

  it('repair bad preferences field by field', () => {
    const text = JSON.stringify({
      format: 'digest-export',
      version: 1,
      exportedAt: '',
      feeds: [],
      preferences: { refreshIntervalMinutes: 3, notificationsEnabled: false },
      reads: [],
    });
    const parsed = parseExport(text, SAMPLE);
    expect(parsed.ok && parsed.data.preferences).toEqual({ ...DEFAULT_PREFERENCES, notificationsEnabled: false });
  });

  it('count feeds listed twice and marks that are junk, name no feed of the file, or carry oversized ids', () => {
    const text = JSON.stringify({
      format: 'digest-export',
      version: 1,
      exportedAt: '2026-01-01T00:00:00Z',
      feeds: [
        { url: 'https://a.test/f', addedAt: 'yesterday' },
        { url: 'https://a.test/f', addedAt: '2026-01-01T00:00:00Z' },
      ],
      preferences: {},
      reads: [
        { feedUrl: 'https://a.test/f', id: 'ok', readAt: '2026-01-02T10:00:00+02:00' },
        { feedUrl: 'https://a.test/f', id: 'bad-date', readAt: 'zzz' },
        { feedUrl: 'https://a.test/f', id: 'no-date' },
        { feedUrl: 'https://other.test/f', id: 'x', readAt: '2026-01-02T00:00:00Z' },
        { feedUrl: 'https://a.test/f', id: 'y'.repeat(1025), readAt: '2026-01-02T00:00:00Z' },
        'junk',
      ],
    });
    const parsed = parseExport(text, SAMPLE);
    expect(parsed).toEqual({
      ok: true,
      data: expect.objectContaining({
        feeds: [
          { url: 'https://a.test/f', addedAt: '2026-01-01T00:00:00.000Z', title: null, folder: null, alerts: null },
        ],
        reads: [{ feedUrl: 'https://a.test/f', id: 'ok', readAt: '2026-01-02T08:00:00.000Z' }],
      }),
    });
    expect(parsed.ok && parsed.data.skipped.toSorted((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { entry: 'feed', reason: 'duplicate-feed', count: 1 },
      { entry: 'read', reason: 'id-too-long', count: 1 },
      { entry: 'read', reason: 'invalid-date', count: 2 },
      { entry: 'read', reason: 'invalid-read', count: 1 },
      { entry: 'read', reason: 'read-of-feed-not-imported', count: 1 },
    ]);
  });
});

describe('OPML', () => {
  it('escapes titles and addresses', () => {
    const opml = toOpml(
      [{ title: 'Tom & "Jerry" <3', url: 'https://a.test/f?x=1&y=2', homePageUrl: null, folder: null }],
      '2026-01-01T00:00:00Z',
    );
    expect(opml).toContain('text="Tom &#38; &#34;Jerry&#34; &#60;3"');
    expect(opml).toContain('xmlUrl="https://a.test/f?x=1&#38;y=2"');
    expect(opml).not.toContain('htmlUrl');
  });
});
