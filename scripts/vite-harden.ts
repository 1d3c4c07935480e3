import type { Plugin } from 'vite';

/** One source rewrite: which module, what text to find, what to put instead, and why. */
interface Rewrite {
  module: RegExp;
  find: string | RegExp;
  replace: string;
}

// Firefox's add-on linter (rightly) flags every eval and HTML sink in a package. These are dead code
// in Digest — zod runs jitless (utils/zod.ts), and nothing renders HTML — so they are removed from the
// bundle rather than excused. Each pattern must match, so a dependency update that moves them fails the
// build instead of quietly bringing them back.
const REWRITES: Rewrite[] = [
  // zod's JIT probe and compilers: `new Function` behind `jitless`.
  {
    module: /[\\/]zod[\\/]v4[\\/]core[\\/](util|doc|compile)\.js$/,
    find: /const F = Function;/g,
    replace: 'const F = function () { throw new Error("Digest builds zod without eval"); };',
  },
  // Preact's dangerouslySetInnerHTML: Digest never uses it; if it ever did, the text shows as text.
  {
    module: /[\\/]preact[\\/]dist[\\/]preact\.mjs$/,
    find: 't.innerHTML=h.__html',
    replace: 't.textContent=h.__html',
  },
];

/** Removes eval and innerHTML sinks that Digest's dependencies carry but never run. */
export function hardenBundle(): Plugin {
  return {
    name: 'digest:harden-bundle',
    enforce: 'pre',
    transform(code, id) {
      let out = code;
      for (const rewrite of REWRITES) {
        if (!rewrite.module.test(id)) continue;
        const next = out.replace(rewrite.find, rewrite.replace);
        if (next === out) this.error(`digest:harden-bundle: pattern ${String(rewrite.find)} not found in ${id}`);
        out = next;
      }
      return out === code ? null : { code: out, map: null };
    },
  };
}
