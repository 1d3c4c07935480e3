import { describe, expect, it } from 'vitest';
import { createExport, isBundledSample, mergeFeeds, parseExport } from '@/utils/backup';
import { toOpml } from '@/utils/opml';
import { DEFAULT_PREFERENCES } from '@/utils/settings';

const file = (url: string) =>
  JSON.stringify({
    format: 'digest-export',
    version: 1,
    exportedAt: '',
    feeds: [{ url, addedAt: '' }],
    preferences: {},
    reads: [],
  });

describe('export files', () => {
  it('round-trip through parseExport', () => {
    const data = createExport(
      [{ url: 'https://a.test/feed.json', addedAt: '2026-01-01T00:00:00Z' }],
      { ...DEFAULT_PREFERENCES, badgeMode: 'new' },
      [{ feedUrl: 'https://a.test/feed.json', id: 'x', readAt: '2026-01-02T00:00:00Z' }],
      '2026-01-03T00:00:00Z',
    );
    expect(parseExport(JSON.stringify(data))).toEqual({ ok: true, data });
  });

  it('reject feeds that are not http(s), but accept any install’s bundled sample', () => {
    expect(parseExport(file('javascript:alert(1)'))).toMatchObject({ ok: false, error: { kind: 'invalid-export' } });
    expect(parseExport(file('chrome-extension://abc/sample-feed.json'))).toMatchObject({ ok: true });
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
    const parsed = parseExport(text);
    expect(parsed.ok && parsed.data.preferences).toEqual({ ...DEFAULT_PREFERENCES, notificationsEnabled: false });
  });

  it('merge feeds without duplicates, local ones first', () => {
    const a = { url: 'https://a.test/f', addedAt: '1' };
    const b = { url: 'https://b.test/f', addedAt: '2' };
    expect(mergeFeeds([a], [b, { ...a, addedAt: '3' }, b])).toEqual([a, b]);
  });
});

describe('OPML', () => {
  it('escapes titles and addresses', () => {
    const opml = toOpml(
      [{ title: 'Tom & "Jerry" <3', url: 'https://a.test/f?x=1&y=2', homePageUrl: null }],
      '2026-01-01T00:00:00Z',
    );
    expect(opml).toContain('text="Tom &#38; &#34;Jerry&#34; &#60;3"');
    expect(opml).toContain('xmlUrl="https://a.test/f?x=1&#38;y=2"');
    expect(opml).not.toContain('htmlUrl');
  });
});
