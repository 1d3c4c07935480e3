import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { onChange } from '@/utils/changes';
import { PicturesAllowed } from '@/components/RemoteImage';
import { DEFAULT_PREFERENCES, watchSettings } from '@/utils/settings';
import { DataSection } from './DataSection';
import { FeedsSection } from './FeedsSection';
import { keepOptionsData, type OptionsData } from './options-data';
import { PreferencesSection } from './PreferencesSection';
import { SyncSection } from './SyncSection';
import { Welcome } from './Welcome';

/** The settings page; with `#welcome` (opened on install) it starts with a short welcome. */
export function OptionsApp() {
  const [data, setData] = useState<OptionsData | null>(null);
  const welcome = location.hash === '#welcome';
  useEffect(() => {
    // Each change re-reads only what it touched (#14); the import's progress is read by its own section.
    const kept = keepOptionsData(setData);
    const stops = [onChange(kept.note), watchSettings(() => kept.note({ kind: 'settings' })), kept.stop];
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
            <SyncSection now={now} />
            <DataSection />
          </>
        ) : (
          <p class="muted">{i18n.t('options.loading')}</p>
        )}
      </main>
    </PicturesAllowed.Provider>
  );
}
