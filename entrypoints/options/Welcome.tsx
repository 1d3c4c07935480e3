import type { FeedState } from '@/utils/db';
import type { FeedSubscription } from '@/utils/settings';

interface Props {
  data: { feeds: FeedSubscription[]; states: FeedState[]; postCounts: Map<string, number> };
}

/** First-run welcome: the default feed already working, where the badge is, how to add feeds. */
export function Welcome({ data }: Props) {
  const first = data.feeds[0];
  const state = data.states.find((s) => s.url === first?.url);
  const count = first ? (data.postCounts.get(first.url) ?? 0) : 0;
  return (
    <section class="welcome" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading" class="visually-hidden">
        Getting started
      </h2>
      {first && (
        <p class="welcome-lead">
          {count > 0
            ? `Digest already follows ${state?.info?.title ?? first.url}: ${count} posts are waiting for you.`
            : `Digest is fetching ${state?.info?.title ?? first.url} for you…`}
        </p>
      )}
      <ol class="welcome-steps">
        <li>
          The <strong>Digest icon</strong> in the toolbar shows how many posts you have not read. If you do not see it,
          pin it from the extensions (puzzle) menu.
        </li>
        <li>
          Click it for a quick look, or open a <strong>new tab</strong> for the whole digest, grouped by category.
        </li>
        <li>Follow more blogs below: paste a blog’s address or its JSON Feed’s.</li>
      </ol>
    </section>
  );
}
