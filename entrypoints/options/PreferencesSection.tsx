import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { describeError } from '@/utils/error-text';
import { categoryLabel, displayLocale, formatNumber } from '@/utils/l10n';
import { type Preferences, updatePreferences, type PreferencesChange, type SettingsError } from '@/utils/settings';

/** The refresh intervals offered, in minutes. */
const INTERVALS = [15, 30, 60, 120, 360, 720, 1440];

/** "Every 15 minutes", "Every 2 hours", "Once a day", in the reader's language. */
function intervalLabel(minutes: number): string {
  if (minutes === 1440) return i18n.t('preferences.daily');
  if (minutes % 60 === 0) return i18n.t('preferences.everyHours', minutes / 60, [formatNumber(minutes / 60)]);
  return i18n.t('preferences.everyMinutes', minutes, [formatNumber(minutes)]);
}

interface Props {
  preferences: Preferences;
  categories: string[];
  /** How many cached posts each muted word hides (a rule never hides silently). */
  mutedWordCounts: ReadonlyMap<string, number>;
}

/** Preferences, saved (validated) the moment they change; the worker applies them at once. A change that is not saved is named. */
export function PreferencesSection({ preferences, categories, mutedWordCounts }: Props) {
  const [error, setError] = useState<SettingsError | null>(null);
  const [newWord, setNewWord] = useState('');
  // On success the page re-renders from storage (OptionsApp watches it). On failure nothing was stored,
  // so no such render comes: setting the error renders this section, and Preact puts each control back
  // to the stored value (it compares `checked` and `value` with the DOM), so a refused mute is unchecked.
  const save = (change: PreferencesChange): void => {
    void updatePreferences(change).then((outcome) => setError(outcome.ok ? null : outcome.error));
  };
  // A function of the stored list, not of these props: two mutes clicked before a re-render keep both.
  const toggleMuted = (category: string, muted: boolean) =>
    save((current) => ({
      mutedCategories: muted
        ? [...current.mutedCategories, category]
        : current.mutedCategories.filter((c) => c !== category),
    }));
  const addMutedWord = (event: Event) => {
    event.preventDefault();
    const word = newWord.trim();
    if (!word) return;
    void updatePreferences((current) => ({ mutedWords: [...current.mutedWords, word] })).then((outcome) => {
      setError(outcome.ok ? null : outcome.error);
      if (outcome.ok) setNewWord('');
    });
  };
  const removeMutedWord = (word: string) =>
    save((current) => ({ mutedWords: current.mutedWords.filter((w) => w !== word) }));
  // Sorted as shown: by translated label, in the reader's alphabet.
  const allCategories = [...new Set([...categories, ...preferences.mutedCategories])].toSorted((a, b) =>
    categoryLabel(a).localeCompare(categoryLabel(b), displayLocale()),
  );
  return (
    <section class="settings-section" aria-labelledby="prefs-heading">
      <h2 id="prefs-heading">{i18n.t('preferences.heading')}</h2>
      <div class="field">
        <label for="interval">{i18n.t('preferences.interval')}</label>
        <select
          id="interval"
          value={String(preferences.refreshIntervalMinutes)}
          onChange={(event) => save({ refreshIntervalMinutes: Number(event.currentTarget.value) })}
        >
          {INTERVALS.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {intervalLabel(minutes)}
            </option>
          ))}
        </select>
      </div>
      <div class="field check">
        <input
          id="notifications"
          type="checkbox"
          checked={preferences.notificationsEnabled}
          onChange={(event) => save({ notificationsEnabled: event.currentTarget.checked })}
        />
        <label for="notifications">{i18n.t('preferences.notifications')}</label>
      </div>
      <fieldset class="field">
        <legend>{i18n.t('preferences.badgeLegend')}</legend>
        <label class="check">
          <input
            type="radio"
            name="badge"
            checked={preferences.badgeMode === 'unread'}
            onChange={() => save({ badgeMode: 'unread' })}
          />
          {i18n.t('preferences.badgeUnread')}
        </label>
        <label class="check">
          <input
            type="radio"
            name="badge"
            checked={preferences.badgeMode === 'new'}
            onChange={() => save({ badgeMode: 'new' })}
          />
          {i18n.t('preferences.badgeNew')}
        </label>
      </fieldset>
      <div class="field check">
        <input
          id="show-read"
          type="checkbox"
          checked={preferences.showReadPosts}
          onChange={(event) => save({ showReadPosts: event.currentTarget.checked })}
        />
        <label for="show-read">{i18n.t('preferences.showRead')}</label>
      </div>
      <div class="field check">
        <input
          id="show-pictures"
          type="checkbox"
          aria-describedby="show-pictures-help"
          checked={preferences.showPictures}
          onChange={(event) => save({ showPictures: event.currentTarget.checked })}
        />
        <label for="show-pictures">{i18n.t('preferences.showPictures')}</label>
        <p class="muted field-help" id="show-pictures-help">
          {i18n.t('preferences.showPicturesHelp')}
        </p>
      </div>
      <fieldset class="field">
        <legend>{i18n.t('preferences.mutedLegend')}</legend>
        {allCategories.length === 0 && <p class="muted">{i18n.t('preferences.noCategories')}</p>}
        <div class="category-grid">
          {allCategories.map((category) => (
            <label class="check" key={category}>
              <input
                type="checkbox"
                name="muted"
                value={category}
                checked={preferences.mutedCategories.includes(category)}
                onChange={(event) => toggleMuted(category, event.currentTarget.checked)}
              />
              {categoryLabel(category)}
            </label>
          ))}
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={preferences.hideMutedCategories}
            onChange={(event) => save({ hideMutedCategories: event.currentTarget.checked })}
          />
          {i18n.t('preferences.hideMuted')}
        </label>
      </fieldset>
      <fieldset class="field" id="muted-words">
        <legend>{i18n.t('preferences.mutedWordsLegend')}</legend>
        <p class="muted" id="muted-words-help">
          {i18n.t('preferences.mutedWordsHelp')}
        </p>
        {preferences.mutedWords.length === 0 ? (
          <p class="muted">{i18n.t('preferences.noMutedWords')}</p>
        ) : (
          <ul class="muted-words">
            {preferences.mutedWords.map((word) => {
              const hides = mutedWordCounts.get(word) ?? 0;
              return (
                <li key={word}>
                  <span class="muted-word">{word}</span>
                  <span class="muted">{i18n.t('preferences.mutedWordHides', hides, [formatNumber(hides)])}</span>
                  <button
                    type="button"
                    class="icon-remove"
                    aria-label={i18n.t('preferences.removeMutedWord', [word])}
                    title={i18n.t('preferences.removeMutedWord', [word])}
                    onClick={() => removeMutedWord(word)}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <form class="add-muted-word" onSubmit={addMutedWord}>
          <input
            type="text"
            aria-label={i18n.t('preferences.mutedWordLabel')}
            aria-describedby="muted-words-help"
            placeholder={i18n.t('preferences.mutedWordLabel')}
            maxLength={80}
            value={newWord}
            onInput={(event) => setNewWord(event.currentTarget.value)}
          />
          <button type="submit" disabled={newWord.trim() === ''}>
            {i18n.t('preferences.addMutedWord')}
          </button>
        </form>
      </fieldset>
      <p class="prefs-status" role="alert">
        {error ? describeError(error) : ''}
      </p>
    </section>
  );
}
