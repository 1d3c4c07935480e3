import { useEffect, useState } from 'preact/hooks';
import { followedFeeds } from '@/utils/settings';

/** Settings: for now, which feed Digest follows (editing arrives with the settings issue). */
export function OptionsApp() {
  const [feeds, setFeeds] = useState<string[]>([]);
  useEffect(() => {
    void followedFeeds().then(setFeeds);
  }, []);
  return (
    <main class="options">
      <h1>Digest settings</h1>
      <h2>Feed</h2>
      <p>Digest follows this feed:</p>
      <ul class="feed-urls">
        {feeds.map((url) => (
          <li key={url}>
            <code>{url}</code>
          </li>
        ))}
      </ul>
    </main>
  );
}
