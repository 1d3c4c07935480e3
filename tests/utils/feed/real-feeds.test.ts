// Published feeds from other projects' test corpora (tests/fixtures/feeds/real/README.md names each source and
// licence), read as Digest reads a fetched body (#13): item counts and a few fields per feed.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFeed, type ReadResult } from '@/utils/feed/read';

const DIR = join(import.meta.dirname, '../../fixtures/feeds/real');

function read(name: string): Extract<ReadResult, { ok: true }> {
  const result = readFeed(readFileSync(join(DIR, name)), { now: Date.parse('2025-01-01T00:00:00Z') });
  if (!result.ok) throw new Error(`${name}: ${result.error.kind}: ${result.error.message}`);
  return result;
}

describe('real RSS 2.0 feeds', () => {
  it('scriptingNews.rss: 50 items, of which two repeat an earlier guid', () => {
    const feed = read('scriptingNews.rss');
    expect(feed).toMatchObject({ format: 'rss', encoding: 'utf-8' });
    expect(feed.feed).toMatchObject({
      title: 'Scripting News',
      homePageUrl: 'http://scripting.com/',
    });
    expect(feed.posts).toHaveLength(48);
    expect(feed.skipped.map((item) => item.index)).toEqual([12, 24]);
    expect(feed.posts[0]).toMatchObject({
      id: 'http://scripting.com/2017/06/26.html#a080605',
      url: 'http://scripting.com/2017/06/26.html#a080605',
      title: 'Good morning students and teachers! 🍏',
      published: '2017-06-26T12:20:05.000Z',
    });
  });

  it('KatieFloyd.rss (Squarespace, FeedPress): 20 items, dc:creator', () => {
    const feed = read('KatieFloyd.rss');
    expect(feed.posts).toHaveLength(20);
    expect(feed.feed).toMatchObject({ title: 'Katie Floyd' });
    expect(feed.posts[0]).toMatchObject({
      title: 'Special Mac Power Users for Relay FM Members',
      published: '2016-08-25T22:20:00.000Z',
      authors: ['Katie Floyd'],
    });
  });

  it('TenderLovemaking.xml (WordPress): 10 items, categories, content:encoded', () => {
    const feed = read('TenderLovemaking.xml');
    expect(feed.posts).toHaveLength(10);
    expect(feed.feed).toMatchObject({ title: 'Tender Lovemaking' });
    expect(feed.posts[0]).toMatchObject({
      id: 'http://tenderlovemaking.com/?p=198',
      title: 'Nokogiri’s Slop Feature',
      url: 'http://tenderlovemaking.com/2008/12/04/nokogiris-slop-feature/',
      category: 'computadora',
      published: '2008-12-04T17:17:49.000Z',
      authors: ['Aaron Patterson'],
    });
    expect(feed.posts[0]!.words).toBeGreaterThan(300);
  });
});

describe('real Atom feeds', () => {
  it('DaringFireball.atom: 48 entries, published and updated, author names', () => {
    const feed = read('DaringFireball.atom');
    expect(feed).toMatchObject({ format: 'atom' });
    expect(feed.feed).toMatchObject({ title: 'Daring Fireball', homePageUrl: 'https://daringfireball.net/' });
    expect(feed.posts).toHaveLength(48);
    expect(feed.posts[0]).toMatchObject({
      id: 'tag:daringfireball.net,2017:/linked//6.33853',
      title: 'The Talk Show: ‘I Do Like Throwing a Baby’',
      published: '2017-06-27T00:54:17.000Z',
      modified: '2017-06-27T00:54:20.000Z',
      authors: ['John Gruber'],
    });
  });

  it('OneFootTsunami.atom (WordPress): 25 entries', () => {
    const feed = read('OneFootTsunami.atom');
    expect(feed.posts).toHaveLength(25);
    expect(feed.feed.homePageUrl).toBe('http://onefoottsunami.com/');
    expect(feed.posts[0]).toMatchObject({ id: 'http://onefoottsunami.com/?p=14863', authors: ['Paul Kafasis'] });
  });

  it('PaulDixExplainsNothing.xml (FeedBurner, Typepad): 5 entries, category terms', () => {
    const feed = read('PaulDixExplainsNothing.xml');
    expect(feed.posts).toHaveLength(5);
    expect(feed.posts[0]).toMatchObject({
      id: 'tag:typepad.com,2003:post-61753462',
      title: 'Making a Ruby C library even faster',
      category: 'Ruby',
      published: '2009-01-22T15:50:22.000Z',
    });
  });
});

describe('real RSS 1.0 (RDF) feeds', () => {
  it('bio.rdf (bioRxiv): 30 items, rdf:about as the id, dc:date', () => {
    const feed = read('bio.rdf');
    expect(feed).toMatchObject({ format: 'rdf' });
    expect(feed.posts).toHaveLength(30);
    expect(feed.posts[0]).toMatchObject({
      id: 'http://biorxiv.org/cgi/content/short/743294v1?rss=1',
      published: '2019-08-27T00:00:00.000Z',
    });
  });

  it('HREFConsideredHarmful.xml (Typepad): 10 items, dc:creator', () => {
    const feed = read('HREFConsideredHarmful.xml');
    expect(feed.posts).toHaveLength(10);
    expect(feed.feed).toMatchObject({ title: 'HREF Considered Harmful' });
    expect(feed.posts[0]).toMatchObject({ title: 'Chrome, V8 and Strongtalk', authors: ['Avi'] });
  });
});

it('has a test and a README row for every real feed', () => {
  const source = readFileSync(import.meta.filename, 'utf8');
  const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
  const files = readdirSync(DIR).filter((name) => name !== 'README.md');
  expect(files.filter((name) => !source.includes(`'${name}'`) || !readme.includes(`\`${name}\``))).toEqual([]);
});
