import * as z from 'zod/mini';

// zod/mini is Digest's one zod flavour (feeds, imports, settings): the same validation core as classic
// zod at a fraction of the size, and the worker and the pages each ship one flavour (issue #12). Extension pages forbid `new Function`
// (CSP), so the JIT fast path is switched off here too, before any schema is built.
z.config({ jitless: true });

export { z };
