import { updatePreferences, type Preferences } from '@/utils/settings';

const INTERVALS: [number, string][] = [
  [15, 'Every 15 minutes'],
  [30, 'Every 30 minutes'],
  [60, 'Every hour'],
  [120, 'Every 2 hours'],
  [360, 'Every 6 hours'],
  [720, 'Every 12 hours'],
  [1440, 'Once a day'],
];

interface Props {
  preferences: Preferences;
  categories: string[];
}

function save(change: Partial<Preferences>): void {
  void updatePreferences(change);
}

/** Preferences, saved (validated) the moment they change; the worker applies them at once. */
export function PreferencesSection({ preferences, categories }: Props) {
  const toggleMuted = (category: string, muted: boolean) =>
    save({
      mutedCategories: muted
        ? [...preferences.mutedCategories, category]
        : preferences.mutedCategories.filter((c) => c !== category),
    });
  const allCategories = [...new Set([...categories, ...preferences.mutedCategories])].toSorted();
  return (
    <section class="settings-section" aria-labelledby="prefs-heading">
      <h2 id="prefs-heading">Preferences</h2>
      <div class="field">
        <label for="interval">Check for new posts</label>
        <select
          id="interval"
          value={String(preferences.refreshIntervalMinutes)}
          onChange={(event) => save({ refreshIntervalMinutes: Number(event.currentTarget.value) })}
        >
          {INTERVALS.map(([minutes, label]) => (
            <option key={minutes} value={String(minutes)}>
              {label}
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
        <label for="notifications">Notify me about new posts</label>
      </div>
      <fieldset class="field">
        <legend>Badge on the toolbar icon counts</legend>
        <label class="check">
          <input
            type="radio"
            name="badge"
            checked={preferences.badgeMode === 'unread'}
            onChange={() => save({ badgeMode: 'unread' })}
          />
          every unread post
        </label>
        <label class="check">
          <input
            type="radio"
            name="badge"
            checked={preferences.badgeMode === 'new'}
            onChange={() => save({ badgeMode: 'new' })}
          />
          only posts new since I last looked
        </label>
      </fieldset>
      <div class="field check">
        <input
          id="show-read"
          type="checkbox"
          checked={preferences.showReadPosts}
          onChange={(event) => save({ showReadPosts: event.currentTarget.checked })}
        />
        <label for="show-read">Show posts I have read</label>
      </div>
      <fieldset class="field">
        <legend>Muted categories — no notifications, not counted on the badge</legend>
        {allCategories.length === 0 && <p class="muted">Categories appear here once posts have arrived.</p>}
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
              {category}
            </label>
          ))}
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={preferences.hideMutedCategories}
            onChange={(event) => save({ hideMutedCategories: event.currentTarget.checked })}
          />
          Also hide muted categories from the digest
        </label>
      </fieldset>
    </section>
  );
}
