import { useEffect, useRef, useState } from 'preact/hooks';
import type { Change } from '@/utils/changes';
import type { PostKey, PostView } from '@/utils/db';
import { withFeeds, withinNewest, withReadMarks, type DigestData } from './digest-data';
import { keepForNextOpen } from './mount';
import { text } from './text';

/** What a page shows, and a short message when the worker refused one of its changes (now undone). */
export interface Digest {
  data: DigestData;
  notice: string | null;
  /**
   * Asks for every post (a page that has only the newest): for what depends on posts not loaded, as "show
   * read", a search or "mark all read". Once asked, the page stays whole. Does nothing once it is.
   */
  requestAll: () => void;
  /** Every post was asked for and is still loading: show "Loading all posts…" where the result would be. */
  loadingAll: boolean;
}

/** Feeds read per transaction while the rest of the posts loads: short reads the worker's writes never wait long behind. */
const FEEDS_PER_READ = 10;

/** What changed while a load was under way, to apply on top of what it read (its reads may predate them). */
interface ChangesDuringLoad {
  /** Read marks, in the order they came. */
  marks: { keys: readonly PostKey[]; read: boolean }[];
  /** Feeds fetched since: read again before the load ends. */
  fetched: Set<string>;
}

/**
 * The digest, from `initial` (the snapshot of last time, so the page paints at once), then IndexedDB: first the
 * newest posts (what fills the screen), then, when the cache holds more and the page asks (`requestAll`),
 * every post, a few feeds per read, without holding up the page (`complete` then). At 100,000 posts the
 * rest costs seconds and tens of MB, so a page that never needs it never reads it. Patched by each change the worker announces or the page
 * makes: read marks in memory, a fetched feed's posts re-read alone, the feed list or preferences re-read.
 * Changes that come while the rest loads are applied to it too. What it loads is kept for the page's next
 * open when the page is idle (components/mount.ts), never in the path of a click.
 */
export function useDigest(initial: DigestData): Digest {
  const [data, setData] = useState<DigestData>(initial);
  const [notice, setNotice] = useState<string | null>(null);
  const [wanted, setWanted] = useState(false);
  /** Starts the rest's load once the first read is in (set by the effect below). */
  const startRest = useRef<() => void>(() => {});
  useEffect(() => {
    let live = true;
    let stop = () => {};
    /** The load under way; a new one (the feed list changed) makes the older one stop. */
    let generation = 0;
    let during: ChangesDuringLoad | null = null;
    /** The page has the first read of a larger cache and counts by the kept counts (see `recount`). */
    let counting = false;
    /** The page asked for every post. */
    let all = false;
    /** Loads the rest of the first read under way, when the page asks (null: nothing left to load). */
    let rest: (() => void) | null = null;
    startRest.current = () => {
      all = true;
      const load = rest;
      rest = null;
      load?.();
    };
    const update = (next: (prev: DigestData) => DigestData) => live && setData(next);
    const fail = (error: unknown) =>
      update((prev) => ({
        ...prev,
        loaded: true,
        fromSnapshot: false,
        error: error instanceof Error ? error.message : String(error),
      }));
    void import('./data-source').then((source) => {
      const current = (load: number) => live && load === generation;
      const loadRest = async (load: number, changes: ChangesDuringLoad, followed: readonly string[]) => {
        const byFeed = new Map<string, PostView[]>();
        const read = async (urls: readonly string[]) => {
          const part = await source.loadFeeds(urls);
          for (const url of urls) byFeed.set(url, []);
          for (const post of part.posts) byFeed.get(post.feedUrl)?.push(post);
        };
        for (let start = 0; start < followed.length; start += FEEDS_PER_READ) {
          // A task between reads: the page stays responsive, and a newer load stops this one.
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (!current(load)) return;
          await read(followed.slice(start, start + FEEDS_PER_READ));
        }
        while (changes.fetched.size > 0) {
          const urls = [...changes.fetched];
          changes.fetched.clear();
          await read(urls);
        }
        if (!current(load)) return;
        let posts = [...byFeed.values()].flat();
        for (const mark of changes.marks) posts = withReadMarks(posts, mark.keys, mark.read);
        during = null;
        counting = false;
        update((prev) => {
          const followedNow = new Set(prev.followed);
          return { ...prev, posts: posts.filter((post) => followedNow.has(post.feedUrl)), complete: true };
        });
        performance.mark('digest:complete');
      };
      const loadAll = () => {
        const load = ++generation;
        rest = null;
        const changes: ChangesDuringLoad = { marks: [], fetched: new Set() };
        during = changes;
        return source.loadDigest().then((loaded) => {
          if (!current(load)) return;
          if (performance.getEntriesByName('digest:data').length === 0) performance.mark('digest:data');
          let { posts } = loaded;
          for (const mark of changes.marks) posts = withReadMarks(posts, mark.keys, mark.read);
          update(() => ({ ...loaded, posts, loaded: true, fromSnapshot: false, error: null }));
          counting = !loaded.complete;
          during = null;
          if (loaded.complete) performance.mark('digest:complete');
          else {
            // The rest's reads start when asked: changes from then on are applied on top of them.
            rest = () => {
              if (!current(load)) return;
              const later: ChangesDuringLoad = { marks: [], fetched: new Set() };
              during = later;
              loadRest(load, later, loaded.followed).catch(fail);
            };
            if (all) startRest.current();
          }
        }, fail);
      };
      // Until every post is in, the header counts by the kept counts: read again after a mark or a fetch.
      const recount = () => {
        if (!counting) return;
        source
          .loadUnreadCounts()
          .then(
            ({ unread, muted }) =>
              update((prev) => (prev.complete ? prev : { ...prev, keptUnread: unread, keptMuted: muted })),
            fail,
          );
      };
      const onChange = (change: Change) => {
        if (change.kind === 'read' || change.kind === 'posts') recount();
        if (change.kind === 'read') {
          // In memory, this frame: no IndexedDB read for a read mark.
          during?.marks.push({ keys: change.keys, read: change.read });
          update((prev) => ({ ...prev, posts: withReadMarks(prev.posts, change.keys, change.read) }));
          setNotice(change.refused ? text.changeRefused : null);
        } else if (change.kind === 'posts') {
          for (const url of change.feeds) during?.fetched.add(url);
          source
            .loadFeeds(change.feeds)
            .then(
              (fresh) =>
                update((prev) =>
                  withFeeds(prev, change.feeds, prev.complete ? fresh : withinNewest(prev.posts, fresh)),
                ),
              fail,
            );
        } else if (change.kind === 'settings') {
          // New muted words: the worker counts them anew for the badge.
          recount();
          source.loadPreferences().then((preferences) => update((prev) => ({ ...prev, preferences })), fail);
        } else if (change.kind === 'feeds') void loadAll();
      };
      void loadAll();
      if (live) stop = source.watchDigest(onChange);
    }, fail);
    return () => {
      live = false;
      stop();
    };
  }, []);
  // After the frame is painted; the write itself waits for an idle moment or the page's closing.
  useEffect(() => {
    if (data.loaded && !data.fromSnapshot) keepForNextOpen(data);
  }, [data]);
  const requestAll = () => {
    if (!wanted) setWanted(true);
    startRest.current();
  };
  return { data, notice, requestAll, loadingAll: wanted && !data.complete };
}
