import { i18n } from '#i18n';
import type { FeedState } from '@/utils/db';
import { formatNumber } from '@/utils/l10n';
import type { FeedSubscription } from '@/utils/db';
import { richText } from './rich-text';

interface Props {
  data: { feeds: FeedSubscription[]; states: FeedState[]; postCounts: Map<string, number> };
}

/** First-run welcome: the default feed already working, where the badge is, how to add feeds. */
export function Welcome({ data }: Props) {
  const first = data.feeds[0];
  const state = data.states.find((s) => s.url === first?.url);
  const count = first ? (data.postCounts.get(first.url) ?? 0) : 0;
  const title = state?.info?.title ?? first?.url ?? '';
  return (
    <section class="welcome" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading" class="visually-hidden">
        {i18n.t('welcome.heading')}
      </h2>
      {first && (
        <p class="welcome-lead">
          {count > 0
            ? i18n.t('welcome.following', count, [formatNumber(count), title])
            : i18n.t('welcome.fetching', [title])}
        </p>
      )}
      <ol class="welcome-steps">
        <li>{richText(i18n.t('welcome.step1'))}</li>
        <li>{richText(i18n.t('welcome.step2'))}</li>
        <li>{richText(i18n.t('welcome.step3'))}</li>
      </ol>
    </section>
  );
}
