import type { ComponentChildren } from 'preact';

/**
 * A translated sentence with <b>…</b> marking its bold words, as elements: translators move the bold
 * part with the words around it, and nothing is ever parsed as HTML.
 */
export function richText(message: string): ComponentChildren[] {
  return message
    .split(/<b>(.*?)<\/b>/)
    .map((part, index) => (index % 2 === 1 ? <strong key={index}>{part}</strong> : part));
}
