import * as z from 'zod/mini';

// zod/mini for what the pages load (settings): the same validation core as zod (utils/zod.ts), a
// fraction of the size, since pages ship every byte on each open. Extension pages forbid `new Function`
// (CSP), so the JIT fast path is switched off here too, before any schema is built.
z.config({ jitless: true });

export { z };
