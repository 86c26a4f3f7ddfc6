// Lint for the whole workspace. Module boundaries: a service may use shared libs but never
// another service; libs never import services; tooling is for tests and local running only.
import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', '**/.local/**', 'libs/contracts/src/gen/**', 'coverage/**', 'reports/**'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:runtime', 'type:contracts', 'type:testing', 'type:domain'] },
            { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:contracts'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:contracts'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:runtime', 'type:contracts', 'type:tooling'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:runtime', 'type:tooling', 'type:testing'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:hub-registry', onlyDependOnLibsWithTags: ['scope:shared', 'scope:hub-registry'] },
            { sourceTag: 'scope:training-catalogue', onlyDependOnLibsWithTags: ['scope:shared', 'scope:training-catalogue'] },
            { sourceTag: 'scope:placements', onlyDependOnLibsWithTags: ['scope:shared', 'scope:placements'] },
            { sourceTag: 'scope:workforce-planning', onlyDependOnLibsWithTags: ['scope:shared', 'scope:workforce-planning'] },
            { sourceTag: 'scope:kpi-reporting', onlyDependOnLibsWithTags: ['scope:shared', 'scope:kpi-reporting'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Class properties keep their type annotations: swc emits decorator type metadata (which
      // class-transformer reads to convert environment strings) only for annotated properties.
      '@typescript-eslint/no-inferrable-types': ['error', { ignoreProperties: true }],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
