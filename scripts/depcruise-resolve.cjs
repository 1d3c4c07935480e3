// How dependency-cruiser (npm run check:deps) resolves WXT's aliases: `@/` is the project's root.
const { resolve } = require('node:path');

module.exports = {
  resolve: {
    alias: { '@': resolve(__dirname, '..') },
    extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'],
  },
};
