// Pictures from a feed's server (a post's image, a feed's icon, #13): the only remote content Digest's pages
// load. Each is decorative (its text is beside it), so alt="" and hidden from assistive technology; it never
// sends a Referer, waits until it is near the viewport, and keeps its fixed box in place when it fails.
import { createContext } from 'preact';
import { useContext, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FeedInfo } from '@/utils/feed/parse';

/** Longest address put in a `src` (the parser keeps no longer one: MAX_URL_LENGTH). */
const MAX_SRC_LENGTH = 2048;

/**
 * Whether a value may be an image's `src`: an absolute http(s) URL without credentials. The parser already
 * keeps only these; checked again here (defence in depth) because the pages also render what a snapshot
 * or an older version's database holds.
 */
export function isHttpImageUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_SRC_LENGTH) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** The picture shown beside a feed's name: its favicon (small, square) when it has one, else its icon. */
export function feedIconUrl(info: Pick<FeedInfo, 'icon' | 'favicon'> | null | undefined): string | null {
  // `?.`/`??`: a record or snapshot kept by an older version has neither field.
  const favicon = info?.favicon ?? null;
  if (isHttpImageUrl(favicon)) return favicon;
  const icon = info?.icon ?? null;
  return isHttpImageUrl(icon) ? icon : null;
}

/**
 * Whether the page may load feeds' pictures: the reader's "show pictures" preference, provided by each app.
 * Off, no remote image is rendered at all (feed icons show their letter), so no feed's server learns when
 * the reader opens a page.
 */
export const PicturesAllowed = createContext(true);

interface Props {
  src: string | null | undefined;
  /** Gives the image its fixed size (components/digest.css): nothing moves when it loads or fails. */
  class: string;
}

/** A decorative remote image in a fixed box, or nothing when `src` is not an http(s) URL. */
export function RemoteImage({ src, class: className }: Props) {
  const allowed = useContext(PicturesAllowed);
  // Which address failed: a new `src` gets its own chance.
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const image = useRef<HTMLImageElement>(null);
  // A kept first frame (components/first-paint.ts) loads its images before the app hydrates it, with no
  // handler attached: one that failed then never fires `error` again, so the app asks the element. decode()
  // rejects only for a broken image (naturalWidth is 0 for a fine SVG without a size, too).
  useLayoutEffect(() => {
    const element = image.current;
    if (!element?.complete || !src) return;
    element.decode().catch(() => {
      if (element.isConnected && element.complete && element.getAttribute('src') === src) setFailedSrc(src);
    });
  }, [src]);
  if (!allowed || !isHttpImageUrl(src)) return null;
  return (
    <img
      ref={image}
      class={failedSrc === src ? `${className} failed` : className}
      alt=""
      // Before `src`: the browser reads these when the address is set.
      loading="lazy"
      decoding="async"
      referrerpolicy="no-referrer"
      src={src}
      onError={() => setFailedSrc(src)}
    />
  );
}

/** A name's first letter, capitalised: what a feed's icon box shows when it has no icon or the icon fails. */
function initialOf(name: string): string {
  return (Array.from(name.trim())[0] ?? '').toLocaleUpperCase();
}

/**
 * A feed's icon beside its name: a fixed square box (nothing moves when the icon loads or fails) that shows
 * the name's first letter when the feed has no icon or it fails, so every name in a list lines up. The letter
 * is drawn by CSS from `data-initial`: it is no text of the page, for a screen reader or a copy.
 */
export function FeedIcon({ name, src }: { name: string; src: string | null }) {
  return (
    <span class="feed-icon" data-initial={initialOf(name)} aria-hidden="true">
      <RemoteImage class="feed-icon-image" src={src} />
    </span>
  );
}
