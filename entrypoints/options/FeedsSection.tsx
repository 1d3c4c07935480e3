import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { FEED_ALERTS, type FeedAlerts, type FeedState } from '@/utils/db';
import { describeError } from '@/utils/error-text';
import type { AddFeedResult, FeedChoice } from '@/utils/messages';
import { relativeTime } from '@/utils/format';
import { categoryLabel, formatNumber } from '@/utils/l10n';
import { sendMessage } from '@/utils/messages';
import { awaitingAccess, originPattern, requestOriginsAccess, requestReadAccess } from '@/utils/permissions';
import type { FeedSubscription } from '@/utils/db';
import { FOLDER_MAX } from '@/utils/feed/outline';
import { FeedIcon, feedIconUrl } from '@/components/RemoteImage';

interface Props {
  feeds: FeedSubscription[];
  /** The folders' own alerts (a folder at the default, `notify`, is not listed). */
  folderAlerts?: ReadonlyMap<string, FeedAlerts>;
  states: FeedState[];
  postCounts: Map<string, number>;
  nextCheck: number | null;
  now: number;
}

type AddStatus =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; message: string }
  | { kind: 'error'; message: string; retryWith?: string }
  // A page offering several feeds (#13): the reader picks one, the preselected one checked.
  | { kind: 'choose'; message: string; choices: FeedChoice[]; chosen: string };

function postCount(count: number): string {
  return i18n.t('feeds.posts', count, [formatNumber(count)]);
}

function describeAdded(result: Extract<AddFeedResult, { ok: true }>): string {
  const { title, itemCount } = result.feed;
  const categories = result.feed.categories
    .map(({ category, count }) => `${categoryLabel(category)} ${formatNumber(count)}`)
    .join(', ');
  return categories
    ? i18n.t('feeds.addedWithCategories', [title, postCount(itemCount), categories])
    : i18n.t('feeds.added', [title, postCount(itemCount)]);
}

/** The followed feeds with their health, and the form that adds one. */
export function FeedsSection({ feeds, folderAlerts = new Map(), states, postCounts, nextCheck, now }: Props) {
  const [address, setAddress] = useState('');
  const [status, setStatus] = useState<AddStatus>({ kind: 'idle' });
  const [confirming, setConfirming] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState<string | null>(null);
  // The feed whose folder select chose "New folder…", and the folder being renamed (#14).
  const [namingFolderFor, setNamingFolderFor] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  // Feeds followed in another browser whose site this one may not read yet (#15): one prompt for all of them.
  const awaiting = awaitingAccess(feeds, states);
  const [accessRefused, setAccessRefused] = useState(false);
  const allowAwaiting = async () => {
    // Straight from the click: the browser shows the one permission prompt only during a user gesture.
    const granted = await requestOriginsAccess(awaiting.origins);
    setAccessRefused(!granted);
    if (granted) await sendMessage('refreshNow', awaiting.urls);
  };
  const folders = [...new Set(feeds.flatMap((feed) => (feed.folder === null ? [] : [feed.folder])))].toSorted((a, b) =>
    a.localeCompare(b),
  );

  // Must run straight from the click: the browser shows a permission prompt only during a user gesture.
  const add = async (url: string) => {
    if (originPattern(url) && !(await requestReadAccess(url))) {
      setStatus({
        kind: 'error',
        message: i18n.t('feeds.accessRefused', [hostOf(url)]),
      });
      return;
    }
    setStatus({ kind: 'busy' });
    const result = await sendMessage('addFeed', url);
    if (result.ok) {
      setAddress('');
      setStatus({ kind: 'done', message: describeAdded(result) });
    } else if ('choices' in result) {
      setStatus({
        kind: 'choose',
        message: describeError(result.error),
        choices: result.choices,
        chosen: result.preselected,
      });
    } else {
      setStatus({
        kind: 'error',
        message: [
          describeError(result.error, result.needsAccessTo ?? url),
          ...(result.advertised ? [i18n.t('feeds.pageAdvertises', [result.advertised.join(', ')])] : []),
        ].join(' '),
        retryWith: result.needsAccessTo,
      });
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

  const feedItem = (feed: FeedSubscription, inFolder = false) => {
    // Inside a folder's section a feed's title is one heading level below the folder's.
    const Title = inFolder ? 'h4' : 'h3';
    const state = states.find((s) => s.url === feed.url);
    const title = feed.title ?? state?.info?.title ?? hostOf(feed.url);
    return (
      <li class="feed" key={feed.url} data-feed-url={feed.url}>
        <div class="feed-main">
          <Title class="feed-title">
            {/* The icon tells feeds apart at a glance where there are several (#12, #13). */}
            {feeds.length > 1 && <FeedIcon name={title} src={feedIconUrl(state?.info)} />}
            {/* The feed's language for its own title; the reader's name for it (an OPML file's) is theirs. */}
            <span lang={feed.title === null ? (state?.info?.language ?? undefined) : undefined}>{title}</span>
          </Title>
          <code class="feed-url">{feed.url}</code>
          <p class="feed-health">{healthLine(state, postCounts.get(feed.url) ?? 0, nextCheck, now)}</p>
          {awaiting.urls.includes(feed.url) ? (
            <p class="feed-access" role="status">
              {i18n.t('feeds.awaitingAccess', [hostOf(feed.url)])}{' '}
              <button type="button" class="primary" onClick={() => void allowAwaiting()}>
                {i18n.t('feeds.allowHere')}
              </button>
              {accessRefused && <span class="muted"> {i18n.t('feeds.allowHereRefused')}</span>}
            </p>
          ) : (
            state?.lastError && (
              <p class="feed-error" role="status">
                {i18n.t('feeds.lastError', [describeError(state.lastError, feed.url)])}
              </p>
            )
          )}
        </div>
        <div class="feed-actions">
          {namingFolderFor === feed.url ? (
            <FolderNameForm
              label={i18n.t('feeds.newFolderName')}
              initial=""
              onSave={(name) => {
                setNamingFolderFor(null);
                void sendMessage('setFeedFolder', { url: feed.url, folder: name });
              }}
              onCancel={() => setNamingFolderFor(null)}
            />
          ) : (
            <AlertsSelect
              label={i18n.t('feeds.alertsOf', [title])}
              value={feed.alerts}
              inherited={feed.folder === null ? null : (folderAlerts.get(feed.folder) ?? 'notify')}
              onChange={(alerts) => void sendMessage('setFeedAlerts', { url: feed.url, alerts })}
            />
          )}
          {namingFolderFor === feed.url ? null : (
            <select
              class="feed-folder"
              aria-label={i18n.t('feeds.moveTo', [title])}
              value={feed.folder === null ? '' : `folder:${feed.folder}`}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (value === 'new') setNamingFolderFor(feed.url);
                else {
                  const folder = value === '' ? null : value.slice('folder:'.length);
                  void sendMessage('setFeedFolder', { url: feed.url, folder });
                }
              }}
            >
              <option value="">{i18n.t('feeds.noFolder')}</option>
              {folders.map((folder) => (
                <option key={folder} value={`folder:${folder}`}>
                  {folder}
                </option>
              ))}
              <option value="new">{i18n.t('feeds.newFolder')}</option>
            </select>
          )}
          {confirming === feed.url ? (
            <>
              <span class="confirm-text">{i18n.t('feeds.confirmRemove')}</span>
              <button type="button" class="danger" onClick={() => void sendMessage('removeFeed', feed.url)}>
                {i18n.t('feeds.remove')}
              </button>
              <button type="button" onClick={() => setConfirming(null)}>
                {i18n.t('feeds.keep')}
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
                {refreshing === feed.url ? i18n.t('feeds.refreshing') : i18n.t('feeds.refreshNow')}
              </button>
              <button
                type="button"
                onClick={() => setConfirming(feed.url)}
                aria-label={i18n.t('feeds.removeNamed', [title])}
              >
                {i18n.t('feeds.removeConfirm')}
              </button>
            </>
          )}
        </div>
      </li>
    );
  };

  return (
    <section class="settings-section" aria-labelledby="feeds-heading">
      <h2 id="feeds-heading">{i18n.t('feeds.heading')}</h2>
      {feeds.length === 0 && <p class="muted">{i18n.t('feeds.none')}</p>}
      <ul class="feed-list feed-urls">{feeds.filter((feed) => feed.folder === null).map((feed) => feedItem(feed))}</ul>
      {folders.map((folder) => (
        <section class="folder" key={folder} aria-label={folder}>
          {renaming === folder ? (
            <FolderNameForm
              label={i18n.t('feeds.folderName')}
              initial={folder}
              onSave={(name) => {
                setRenaming(null);
                if (name !== folder) void sendMessage('renameFolder', { from: folder, to: name });
              }}
              onCancel={() => setRenaming(null)}
            />
          ) : (
            <div class="folder-head">
              <h3 class="folder-name">{folder}</h3>
              <AlertsSelect
                label={i18n.t('feeds.alertsOfFolder', [folder])}
                value={folderAlerts.get(folder) ?? 'notify'}
                inherited={null}
                onChange={(alerts) => void sendMessage('setFolderAlerts', { folder, alerts: alerts ?? 'notify' })}
              />
              <button
                type="button"
                class="link-button"
                onClick={() => setRenaming(folder)}
                aria-label={i18n.t('feeds.renameFolderNamed', [folder])}
              >
                {i18n.t('feeds.renameFolder')}
              </button>
            </div>
          )}
          <ul class="feed-list feed-urls">
            {feeds.filter((feed) => feed.folder === folder).map((feed) => feedItem(feed, true))}
          </ul>
        </section>
      ))}

      <form
        class="add-feed"
        onSubmit={(event) => {
          event.preventDefault();
          void add(address.trim());
        }}
      >
        <label for="feed-address">{i18n.t('feeds.addLabel')}</label>
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
            {status.kind === 'busy' ? i18n.t('feeds.checking') : i18n.t('feeds.add')}
          </button>
        </div>
        <p class={`add-status ${status.kind}`} role="status" aria-live="polite">
          {status.kind === 'done' || status.kind === 'error' || status.kind === 'choose' ? status.message : ''}
          {status.kind === 'error' && status.retryWith && (
            <button type="button" onClick={() => void add(status.retryWith!)}>
              {i18n.t('feeds.allowAndAdd')}
            </button>
          )}
        </p>
        {status.kind === 'choose' && (
          <fieldset class="feed-choices">
            <legend>{i18n.t('feeds.chooseLegend')}</legend>
            {status.choices.map((choice) => (
              <label class="feed-choice" key={choice.url}>
                <input
                  type="radio"
                  name="feed-choice"
                  value={choice.url}
                  checked={choice.url === status.chosen}
                  onChange={() => setStatus({ ...status, chosen: choice.url })}
                />
                <span class="feed-choice-title">
                  {choice.title || i18n.t('feeds.untitled', [formatName(choice.type)])}
                </span>
                <span class="muted">{formatName(choice.type)}</span>
                <code class="feed-url">{choice.url}</code>
              </label>
            ))}
            <button type="button" class="primary" onClick={() => void add(status.chosen)}>
              {i18n.t('feeds.addChosen')}
            </button>
          </fieldset>
        )}
      </form>
    </section>
  );
}

/** A feed media type's format, as readers know it. */
function formatName(type: string): string {
  if (type.includes('json')) return 'JSON Feed';
  if (type.includes('atom')) return 'Atom';
  if (type.includes('rdf')) return 'RDF';
  return 'RSS';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

function healthLine(state: FeedState | undefined, posts: number, nextCheck: number | null, now: number): string {
  const parts = [postCount(posts)];
  parts.push(
    state?.lastSuccess ? i18n.t('feeds.updated', [relativeTime(state.lastSuccess, now)]) : i18n.t('feeds.notFetched'),
  );
  if (nextCheck) parts.push(i18n.t('feeds.nextCheck', [relativeTime(new Date(nextCheck).toISOString(), now)]));
  return parts.join(' · ');
}

/**
 * How loudly a feed or folder arrives. A feed in a folder may do as its folder says (`value` null, shown
 * with what that is); elsewhere null is the default, `notify`.
 */
function AlertsSelect({
  label,
  value,
  inherited,
  onChange,
}: {
  label: string;
  value: FeedAlerts | null;
  /** The folder's setting when this is a feed in a folder; null otherwise. */
  inherited: FeedAlerts | null;
  onChange: (alerts: FeedAlerts | null) => void;
}) {
  const shown = value ?? (inherited === null ? 'notify' : 'folder');
  return (
    <select
      class="feed-alerts"
      aria-label={label}
      value={shown}
      onChange={(event) => {
        const chosen = event.currentTarget.value;
        // Outside a folder, `notify` is the default: stored as null, so a later folder can set it.
        onChange(chosen === 'folder' || (chosen === 'notify' && inherited === null) ? null : (chosen as FeedAlerts));
      }}
    >
      {inherited !== null && (
        <option value="folder">{i18n.t('feeds.alertsLikeFolder', [i18n.t(`feeds.alerts_${inherited}`)])}</option>
      )}
      {FEED_ALERTS.map((alerts) => (
        <option key={alerts} value={alerts}>
          {i18n.t(`feeds.alerts_${alerts}`)}
        </option>
      ))}
    </select>
  );
}

/** A folder's name, typed: Enter or Save keeps it (trimmed, at most 80 characters), Escape or Cancel drops it. */
function FolderNameForm({
  label,
  initial,
  onSave,
  onCancel,
}: {
  label: string;
  initial: string;
  onSave: (name: string) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial);
  return (
    <form
      class="folder-form"
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = name.replace(/\s+/g, ' ').trim().slice(0, FOLDER_MAX);
        if (trimmed) onSave(trimmed);
        else onCancel();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <input
        type="text"
        aria-label={label}
        placeholder={label}
        value={name}
        maxLength={FOLDER_MAX}
        // oxlint-disable-next-line jsx-a11y/no-autofocus -- the reader just asked to type a name
        autoFocus
        onInput={(event) => setName(event.currentTarget.value)}
      />
      <button type="submit">{i18n.t('feeds.save')}</button>
      <button type="button" onClick={onCancel}>
        {i18n.t('feeds.cancel')}
      </button>
    </form>
  );
}
