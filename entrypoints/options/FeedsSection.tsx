import { useState } from 'preact/hooks';
import type { FeedState } from '@/utils/db';
import type { AddFeedResult } from '@/utils/feeds';
import { relativeTime } from '@/utils/format';
import { sendMessage } from '@/utils/messages';
import { originPattern, requestReadAccess } from '@/utils/permissions';
import type { FeedSubscription } from '@/utils/settings';

interface Props {
  feeds: FeedSubscription[];
  states: FeedState[];
  postCounts: Map<string, number>;
  nextCheck: number | null;
  now: number;
}

type AddStatus =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; message: string }
  | { kind: 'error'; message: string; retryWith?: string };

function describeAdded(result: Extract<AddFeedResult, { ok: true }>): string {
  const categories = Object.entries(result.feed.categories)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  const posts = result.feed.itemCount === 1 ? '1 post' : `${result.feed.itemCount} posts`;
  return `Added “${result.feed.title}”: ${posts}${categories ? ` (${categories})` : ''}.`;
}

/** The followed feeds with their health, and the form that adds one. */
export function FeedsSection({ feeds, states, postCounts, nextCheck, now }: Props) {
  const [address, setAddress] = useState('');
  const [status, setStatus] = useState<AddStatus>({ kind: 'idle' });
  const [confirming, setConfirming] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState<string | null>(null);

  // Must run straight from the click: the browser shows a permission prompt only during a user gesture.
  const add = async (url: string) => {
    if (originPattern(url) && !(await requestReadAccess(url))) {
      setStatus({
        kind: 'error',
        message: `Digest was not allowed to read ${hostOf(url)}, so the feed was not added.`,
      });
      return;
    }
    setStatus({ kind: 'busy' });
    const result = await sendMessage('addFeed', url);
    if (result.ok) {
      setAddress('');
      setStatus({ kind: 'done', message: describeAdded(result) });
    } else {
      setStatus({ kind: 'error', message: result.error.message, retryWith: result.needsAccessTo });
    }
  };

  const refresh = async (url: string) => {
    setRefreshing(url);
    try {
      await sendMessage('refreshNow', [url]);
    } finally {
      setRefreshing(null);
    }
  };

  return (
    <section class="settings-section" aria-labelledby="feeds-heading">
      <h2 id="feeds-heading">Feeds</h2>
      {feeds.length === 0 && <p class="muted">You follow no feeds. Add one below.</p>}
      <ul class="feed-list feed-urls">
        {feeds.map((feed) => {
          const state = states.find((s) => s.url === feed.url);
          const title = state?.info?.title ?? hostOf(feed.url);
          return (
            <li class="feed" key={feed.url} data-feed-url={feed.url}>
              <div class="feed-main">
                <h3 class="feed-title">{title}</h3>
                <code class="feed-url">{feed.url}</code>
                <p class="feed-health">{healthLine(state, postCounts.get(feed.url) ?? 0, nextCheck, now)}</p>
                {state?.lastError && (
                  <p class="feed-error" role="status">
                    Last error ({state.lastError.kind}): {state.lastError.message}
                  </p>
                )}
              </div>
              <div class="feed-actions">
                {confirming === feed.url ? (
                  <>
                    <span class="confirm-text">Remove it with its posts and read marks?</span>
                    <button type="button" class="danger" onClick={() => void sendMessage('removeFeed', feed.url)}>
                      Remove
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      Keep
                    </button>
                  </>
                ) : (
                  <>
                    <button
                      type="button"
                      onClick={() => void refresh(feed.url)}
                      disabled={refreshing === feed.url}
                      aria-busy={refreshing === feed.url}
                    >
                      {refreshing === feed.url ? 'Refreshing…' : 'Refresh now'}
                    </button>
                    <button type="button" onClick={() => setConfirming(feed.url)} aria-label={`Remove ${title}`}>
                      Remove…
                    </button>
                  </>
                )}
              </div>
            </li>
          );
        })}
      </ul>

      <form
        class="add-feed"
        onSubmit={(event) => {
          event.preventDefault();
          void add(address.trim());
        }}
      >
        <label for="feed-address">Add a feed — its address, or the blog’s address</label>
        <div class="add-feed-row">
          <input
            id="feed-address"
            type="url"
            required
            placeholder="https://blog.example.com/feed.json"
            value={address}
            onInput={(event) => setAddress(event.currentTarget.value)}
          />
          <button type="submit" class="primary" disabled={status.kind === 'busy'} aria-busy={status.kind === 'busy'}>
            {status.kind === 'busy' ? 'Checking…' : 'Add feed'}
          </button>
        </div>
        <p class={`add-status ${status.kind}`} role="status" aria-live="polite">
          {status.kind === 'done' || status.kind === 'error' ? status.message : ''}
          {status.kind === 'error' && status.retryWith && (
            <button type="button" onClick={() => void add(status.retryWith!)}>
              Allow access and add
            </button>
          )}
        </p>
      </form>
    </section>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

function healthLine(state: FeedState | undefined, posts: number, nextCheck: number | null, now: number): string {
  const parts = [posts === 1 ? '1 post' : `${posts} posts`];
  parts.push(state?.lastSuccess ? `updated ${relativeTime(state.lastSuccess, now)}` : 'not fetched yet');
  if (nextCheck) parts.push(`next check ${relativeTime(new Date(nextCheck).toISOString(), now)}`);
  return parts.join(' · ');
}
