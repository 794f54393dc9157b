import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for the documents in src/, from the server's schema: the SDL that
// GET /schema.graphql serves, or the repository's schema.graphqls when
// CONSUMPTION_SCHEMA does not name one. The scalars are strings, as they
// travel: Decimal keeps its exact digits ("12.345"), Date is YYYY-MM-DD and
// DateTime RFC 3339.
const config: CodegenConfig = {
  schema: process.env.CONSUMPTION_SCHEMA ?? '../../schema.graphqls',
  documents: ['src/**/*.ts', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  // Imports with .js, as Node's ES modules want them.
  importExtension: '.js',
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { Decimal: 'string', Date: 'string', DateTime: 'string' },
      },
    },
  },
};

export default config;
