// The signed-in user's account (time zone, gas calorific value, currency), loaded once
// per sign-in and shared by the pages.

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { MeDocument } from '../api/documents';
import { useQuery } from '../api/hooks';
import type { MeQuery } from '../gql/graphql';
import { today } from '../lib/dates';

export type Me = MeQuery['me'];

interface AccountValue {
  me: Me | undefined;
  error: unknown;
  reload: () => void;
  /** Today in the user's time zone. */
  today: string;
}

const AccountContext = createContext<AccountValue | null>(null);

export function AccountProvider({ children }: { children: ReactNode }) {
  const { data, error, reload } = useQuery(MeDocument, {});
  const me = data?.me;
  const value = useMemo(() => ({ me, error, reload, today: today(me?.timeZone) }), [me, error, reload]);
  return <AccountContext.Provider value={value}>{children}</AccountContext.Provider>;
}

/** The account's currency once known; null before, or outside an account (a form tested alone). */
export function useCurrency(): string | null {
  return useContext(AccountContext)?.me?.currency ?? null;
}

export function useAccount(): AccountValue {
  const v = useContext(AccountContext);
  if (!v) throw new Error('useAccount outside AccountProvider');
  return v;
}
