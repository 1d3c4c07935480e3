import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { onChange } from '@/utils/changes';
import {
  listSubscriptions,
  readDigest,
  type FeedState,
  type FeedSubscription,
  readFolderAlerts,
  type FeedAlerts,
} from '@/utils/db';
import { PicturesAllowed } from '@/components/RemoteImage';
import { withoutMutedWords } from '@/utils/muted-words';
import { DEFAULT_PREFERENCES, type Preferences, readPreferences, watchSettings } from '@/utils/settings';
import { DataSection } from './DataSection';
import { FeedsSection } from './FeedsSection';
import { PreferencesSection } from './PreferencesSection';
import { Welcome } from './Welcome';

interface OptionsData {
  feeds: FeedSubscription[];
  folderAlerts: Map<string, FeedAlerts>;
  states: FeedState[];
  postCounts: Map<string, number>;
  categories: string[];
  /** How many cached posts each muted word hides. */
  mutedWordCounts: Map<string, number>;
  preferences: Preferences;
  nextCheck: number | null;
}

async function load(): Promise<OptionsData> {
  const [feeds, folderAlerts, { feeds: states, posts }, preferences, alarm] = await Promise.all([
    listSubscriptions(),
    readFolderAlerts(),
    readDigest(),
    readPreferences(),
    browser.alarms.get('digest-refresh'),
  ]);
  const postCounts = new Map<string, number>();
  for (const post of posts) postCounts.set(post.feedUrl, (postCounts.get(post.feedUrl) ?? 0) + 1);
  const categories = [...new Set(posts.map((post) => post.category))];
  const mutedWordCounts = withoutMutedWords(posts, preferences.mutedWords).hiddenByRule;
  return {
    feeds,
    folderAlerts,
    states,
    postCounts,
    categories,
    mutedWordCounts,
    preferences,
    nextCheck: alarm?.scheduledTime ?? null,
  };
}

/** The settings page; with `#welcome` (opened on install) it starts with a short welcome. */
export function OptionsApp() {
  const [data, setData] = useState<OptionsData | null>(null);
  const welcome = location.hash === '#welcome';
  useEffect(() => {
    const reload = () => void load().then(setData);
    reload();
    // The import's progress is read by its own section (ImportSection), not by re-reading everything.
    const stops = [onChange((change) => change.kind !== 'import' && reload()), watchSettings(reload)];
    return () => stops.forEach((stop) => stop());
  }, []);
  const now = Date.now();
  const heading = welcome ? i18n.t('options.welcomeTitle') : i18n.t('options.title');
  useEffect(() => {
    document.title = heading;
  }, [heading]);
  return (
    <PicturesAllowed.Provider value={data?.preferences.showPictures ?? true}>
      <main class="options">
        <header class="options-header">
          <img src="/icon/48.png" alt="" width={32} height={32} />
          <h1>{heading}</h1>
        </header>
        {welcome && data && <Welcome data={data} />}
        {data ? (
          <>
            <FeedsSection
              folderAlerts={data.folderAlerts}
              feeds={data.feeds}
              states={data.states}
              postCounts={data.postCounts}
              nextCheck={data.nextCheck}
              now={now}
            />
            <PreferencesSection
              preferences={data.preferences ?? DEFAULT_PREFERENCES}
              categories={data.categories}
              mutedWordCounts={data.mutedWordCounts}
            />
            <DataSection />
          </>
        ) : (
          <p class="muted">{i18n.t('options.loading')}</p>
        )}
      </main>
    </PicturesAllowed.Provider>
  );
}
