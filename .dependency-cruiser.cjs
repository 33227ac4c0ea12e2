/**
 * The layers of docs/architecture.md, as rules `npm run lint` enforces (CI runs it in `npm test`).
 *
 *   core/                                   shared vocabulary: names, durations, the promql tag, topology
 *     <- schema/
 *       <- rules/ | dashboards-src/ | deploy/   never each other: cross references are ids the generators resolve
 *         <- generators/
 *           <- feedback/                 the loop's controller, observer and adaptations, which cli/, sim/ and stack/ host
 *             <- cli/ bench/ sim/ (side by side), stack/ (beside them; bench/ uses it, it drives sim/)
 *   runtime/                                OpenTelemetry glue: core/ at most, nothing else of ours
 *     <- out/instrumentation/ <- agents, sim/, the feedback app
 *
 * Each rule forbids the imports that would point the other way. test/ may import anything.
 * Type-only imports count: a type is a dependency on the module that owns the concept.
 */

/** Every folder of ours, so a rule can say "anything of ours except ...". */
const OURS = '^(core|schema|rules|dashboards-src|deploy|generators|runtime|out|cli|stack|bench|sim|feedback|tools)/';

/**
 * A rule: `from` may import none of `to`. `$1` in `to` is the folder `from` matched: a folder
 * may import itself.
 */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to, pathNot: '^$1/' } });

module.exports = {
  forbidden: [
    forbid(
      'core-imports-nothing-of-ours',
      'core/ is the bottom layer: everything imports it, so it imports nothing of ours (else every layer depends on what it imports)',
      '^(core)/',
      OURS.replace('core|', ''),
    ),
    {
      name: 'core-loads-no-package',
      comment: 'the runtime agents load imports core/: a package here (even a light one) would load in every agent process',
      severity: 'error',
      from: { path: '^core/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    forbid(
      'schema-imports-only-core',
      'schema/ is what rules, dashboards and deploy are written against; it may use core/ only',
      '^(schema)/',
      '^(rules|dashboards-src|deploy|generators|runtime|out|cli|stack|bench|sim|feedback|tools)/',
    ),
    forbid(
      'rules-not-beside-or-above',
      'rules/ may use schema/ and core/; a dashboard or deploy value it needs is an id the generators resolve',
      '^(rules)/',
      '^(dashboards-src|deploy|generators|runtime|out|cli|stack|bench|sim|feedback|tools)/',
    ),
    forbid(
      'dashboards-not-beside-or-above',
      'dashboards-src/ may use schema/ and core/; a recording rule or threshold it shows is a reference the generators resolve',
      '^(dashboards-src)/',
      '^(rules|deploy|generators|runtime|out|cli|stack|bench|sim|feedback|tools)/',
    ),
    forbid(
      'deploy-not-beside-or-above',
      'deploy/ may use schema/ and core/ (the version table, services, ports, paths)',
      '^(deploy)/',
      '^(rules|dashboards-src|generators|runtime|out|cli|stack|bench|sim|feedback|tools)/',
    ),
    forbid(
      'generators-not-above',
      'generators/ read the sources and write out/; the applications above them (and out/, which they write) are not theirs to import',
      '^(generators)/',
      '^(out|cli|stack|bench|sim|feedback)/',
    ),
    forbid(
      'runtime-imports-only-core',
      'runtime/ ships to agents: it may use core/ (which loads nothing) and never the sources, generators or applications',
      '^(runtime)/',
      '^(schema|rules|dashboards-src|deploy|generators|out|cli|stack|bench|sim|feedback|tools)/',
    ),
    forbid(
      'instrumentation-imports-runtime-and-core-only',
      'the generated helpers (out/instrumentation/) are what agents import: they carry only the runtime (and core/) with them',
      '^(out/instrumentation)/',
      '^(schema|rules|dashboards-src|deploy|generators|cli|stack|bench|sim|feedback|tools)/',
    ),
    forbid(
      'applications-not-each-other',
      'cli/, bench/ and sim/ are applications side by side; what two of them share belongs lower',
      '^(cli|bench|sim)/',
      '^(cli|bench|sim)/',
    ),
    forbid(
      'feedback-hosts-no-application',
      'feedback/ is the loop that cli/ (its command), sim/ (the simulated fleet runs a controller) and stack/ host; it imports none of them',
      '^(feedback)/',
      '^(cli|bench|sim|stack)/',
    ),
    forbid(
      'stack-runs-only-the-simulated-fleet',
      'stack/ starts the real servers (bench/ and the tests use it) and drives sim/\'s fleet; it never imports the CLI or bench/',
      '^(stack)/',
      '^(cli|bench)/',
    ),
    {
      name: 'no-cycles',
      comment: 'a cycle makes two modules one: neither can be read, loaded or tested without the other',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'a module nothing imports is dead, unless it is an entry point (main, CLI, config, a test, a dashboard file loaded by folder)',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '(^|/)\\.[^/]+\\.(c|m)?js$',
          '\\.d\\.ts$',
          '^test/',
          '(^|/)main\\.ts$',
          '^cli/aqe\\.js$',
          '^vitest\\.config\\.mts$',
          // generation loads user dashboards from this folder by listing it (generators/load-sources.ts)
          '^dashboards-src/custom/',
          '^tools/',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // The sibling folders of one layer differ in name only: same-layer imports inside a folder are free.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['aqe-telemetry-source', 'require', 'node', 'default', 'types'] },
  },
};
