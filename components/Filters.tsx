import type { RefObject } from 'preact';
import { NO_FILTER, type DigestFilter } from '@/components/post-list';
import type { DigestGrouping } from '@/utils/settings';
import { CheckIcon } from './icons';
import { text } from './text';

interface Props {
  filter: DigestFilter;
  categories: string[];
  /** The reader hid read posts in the settings: "unread only" is on and fixed. */
  readHidden: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  /** How many posts match, when a filter is on. */
  resultCount: number | null;
  canMarkRead: boolean;
  /** `replace`: typing updates the URL without a history entry per keystroke. */
  onChange: (filter: DigestFilter, replace: boolean) => void;
  onMarkShownRead: () => void;
  /** How the digest is grouped now, the groupings offered, and the reader's choice of another. */
  grouping: DigestGrouping;
  groupings: readonly DigestGrouping[];
  onGroupingChange: (grouping: DigestGrouping) => void;
}

/** Search as you type, a category, unread only, the grouping, and "mark all shown read". */
export function Filters({
  filter,
  categories,
  readHidden,
  searchRef,
  resultCount,
  canMarkRead,
  onChange,
  onMarkShownRead,
  grouping,
  groupings,
  onGroupingChange,
}: Props) {
  return (
    <search class="filters" aria-label={text.search}>
      <input
        ref={searchRef}
        type="search"
        class="search-input"
        aria-label={text.search}
        placeholder={text.searchPlaceholder}
        value={filter.query}
        onInput={(event) => onChange({ ...filter, query: event.currentTarget.value }, true)}
      />
      <label class="filter-category">
        <span class="visually-hidden">{text.category}</span>
        <select
          value={filter.category ?? ''}
          onChange={(event) => onChange({ ...filter, category: event.currentTarget.value || null }, false)}
        >
          <option value="">{text.allCategories}</option>
          {categories.map((category) => (
            <option key={category} value={category}>
              {text.categoryLabel(category)}
            </option>
          ))}
        </select>
      </label>
      <label class="filter-grouping">
        <span class="visually-hidden">{text.groupBy}</span>
        <select value={grouping} onChange={(event) => onGroupingChange(event.currentTarget.value as DigestGrouping)}>
          {groupings.map((option) => (
            <option key={option} value={option}>
              {text.groupingLabel(option)}
            </option>
          ))}
        </select>
      </label>
      <label class="filter-unread">
        <input
          type="checkbox"
          checked={filter.unreadOnly}
          disabled={readHidden}
          onChange={(event) => onChange({ ...filter, unreadOnly: event.currentTarget.checked }, false)}
        />
        {text.unreadOnly}
      </label>
      <button type="button" class="text-button" disabled={!canMarkRead} onClick={onMarkShownRead}>
        <CheckIcon />
        {text.markVisibleRead}
      </button>
      {resultCount !== null && (
        <p class="filter-results" role="status">
          {text.results(resultCount)}{' '}
          <button type="button" class="link-button" onClick={() => onChange(NO_FILTER, false)}>
            {text.clearFilters}
          </button>
        </p>
      )}
    </search>
  );
}
