// `npm run check:deps`: the import graph's rules (issue #12). dependency-cruiser reads TypeScript before
// compilation, so type-only imports count too.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment:
        'No import cycles, type imports included: a cycle means two modules are one concern or a layer is crossed.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'worker-without-ui',
      comment: 'Nothing the background worker loads imports Preact or the pages’ components.',
      severity: 'error',
      from: { path: '^entrypoints/background/' },
      to: { path: '^(components/|entrypoints/(popup|newtab|options)/|node_modules/preact/)', reachable: true },
    },
    {
      name: 'utils-shared-by-all',
      comment: 'utils/ is what every context shares: it never imports an entrypoint or a component.',
      severity: 'error',
      from: { path: '^utils/' },
      to: { path: '^(entrypoints|components)/' },
    },
    {
      name: 'components-serve-pages',
      comment: 'components/ are parts pages share: they never import a page or the worker.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^entrypoints/' },
    },
    {
      name: 'pages-never-import-the-worker',
      comment: 'Pages talk to the worker through utils/messages.ts, never by importing its modules.',
      severity: 'error',
      from: { path: '^entrypoints/(popup|newtab|options)/' },
      to: { path: '^entrypoints/background/' },
    },
    {
      name: 'pages-without-feedsmith',
      comment:
        'The popup and new tab never load the XML parser (feedsmith): only the worker and feed:check read feeds (#13).',
      severity: 'error',
      from: { path: '^entrypoints/(popup|newtab)/' },
      to: { path: 'node_modules/feedsmith/', reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // WXT's `@/` alias (its generated tsconfig names it without a baseUrl, which the resolver does not follow).
    webpackConfig: { fileName: 'scripts/depcruise-resolve.cjs' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
