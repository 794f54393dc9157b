// GraphiQL, bundled with the dashboard. Every request goes through the
// dashboard's client, so it carries the signed-in user's token and renews it
// when needed; nobody has to paste a token into a header.

import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { useMemo } from 'react';
import { send } from '../../api/client';
import { useAccount } from '../../components/Account';
import { useTheme } from '../../components/Theme';
import { exampleTabs } from './examples';

// GraphiQL shows the answer's JSON as it is, so its error objects need no
// more than the plain JSON shape the server sends.
type FetcherResult = Awaited<ReturnType<GraphiQLProps['fetcher']>>;
const fetcher: GraphiQLProps['fetcher'] = async (params) =>
  (await send({ query: params.query, variables: params.variables, operationName: params.operationName ?? null })) as FetcherResult;

export default function PlaygroundPage() {
  const { today } = useAccount();
  const theme = useTheme();
  const tabs = useMemo(() => exampleTabs(today), [today]);
  return (
    <div className="playground">
      <h1 className="visually-hidden">GraphQL playground</h1>
      <GraphiQL fetcher={fetcher} defaultTabs={tabs} forcedTheme={theme} isHeadersEditorEnabled={false} defaultEditorToolsVisibility="variables" />
    </div>
  );
}
