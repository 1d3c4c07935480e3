import { z } from 'zod';

// Extension pages forbid `new Function` (CSP), which zod's JIT fast path uses.
// This module must be imported before any schema is built, so every schema imports `z` from here.
z.config({ jitless: true });

export { z };
