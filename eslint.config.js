import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.angular/**',
      '**/coverage/**',
      'test-artifacts/**',
      '.data/**',
      'libs/response/src/database/migrations/*-*.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Prettier owns line breaks, and it breaks `a()\n[key]()` chains this rule objects to.
      'no-unexpected-multiline': 'off',
    },
  },
  {
    // The contracts' build leaves its specs out; they have a tsconfig of their own.
    files: ['libs/contracts/src/**/*.spec.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './libs/contracts/tsconfig.spec.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // Boundaries: contracts import no app code; the client no server code; the domain
  // modules know neither the Slack wire nor the comms features; the wire knows no domain.
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/libs/response/**', '**/server/**', '**/client/**', '@response/nest'],
              message: 'libs/contracts imports no app code.',
            },
            {
              group: ['@nestjs/*', 'typeorm', '@angular/*'],
              message: 'libs/contracts is plain TypeScript shared by server and client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/libs/response/**', '@response/nest'],
              message:
                'The client talks to the server over HTTP only; shared types live in @response/contracts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'libs/response/src/{incidents,actions,timeline,users,auth,changelog,reports,webhooks,importer,insights}/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/slack/**', '**/comms/**', '@slack/*'],
              message: 'Domain modules never import the Slack wire or the comms features.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/response/src/slack/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/comms/**',
                '**/incidents/**',
                '**/actions/**',
                '**/timeline/**',
                '**/users/**',
                '**/auth/**',
                '**/changelog/**',
                '**/reports/**',
                '**/webhooks/**',
                '**/insights/**',
              ],
              message: 'The Slack wire knows no incidents: features build on it, in comms/.',
            },
          ],
        },
      ],
    },
  },
);
