import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every GraphQL document in src/, generated from the server's
// schema. The output in src/gql is committed; CI regenerates it and fails
// when it differs (make lint-client).
const config: CodegenConfig = {
  schema: '../schema.graphqls',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*', '!src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: false,
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
