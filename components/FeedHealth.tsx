import type { FeedState } from '@/utils/db';
import { describeError } from '@/utils/error-text';
import { absoluteTime, relativeTime } from '@/utils/format';
import { openSettings } from './actions';
import { RefreshButton } from './PageStatus';
import { FeedIcon, feedIconUrl } from './RemoteImage';
import { text } from './text';

interface Props {
  feeds: readonly FeedState[];
  followed: readonly string[];
  now: number;
}

/** The footer: each feed's health (last success, next check, last error), refresh and settings. */
export function FeedHealth({ feeds, followed, now }: Props) {
  return (
    <footer class="app-footer">
      <h2 class="section-title">{text.feedHealth}</h2>
      <ul class="health-list">
        {followed.map((url) => {
          const feed = feeds.find((state) => state.url === url);
          const name = feed?.info?.title ?? new URL(url).host;
          return (
            <li key={url}>
              <span class="feed-name">
                {followed.length > 1 && <FeedIcon name={name} src={feedIconUrl(feed?.info)} />}
                {name}
              </span>
              {feed?.lastSuccess && (
                <span title={absoluteTime(feed.lastSuccess)}>
                  {text.lastSuccessAt(relativeTime(feed.lastSuccess, now))}
                </span>
              )}
              {feed?.nextPoll ? (
                <span title={absoluteTime(feed.nextPoll)}>{text.nextCheckAt(relativeTime(feed.nextPoll, now))}</span>
              ) : (
                feed?.info?.expired && <span>{text.notScheduled}</span>
              )}
              {feed?.lastError && (
                <span class="health-error">
                  {text.lastErrorAt(relativeTime(feed.lastError.at, now), describeError(feed.lastError, url))}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <p class="footer-actions">
        <RefreshButton label />
        <button type="button" class="text-button" onClick={() => void openSettings()}>
          {text.settings}
        </button>
        <span class="keyboard-help">{text.keyboardHelp}</span>
      </p>
    </footer>
  );
}
