// Loading, empty and error states, said the same way on every page.

import { useCallback, useState, type ReactNode } from 'react';
import { describeError } from '../api/client';

export function Loading({ children = 'Loading…' }: { children?: ReactNode }) {
  return (
    <p className="status status--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert">
      <p>{typeof error === 'string' ? error : describeError(error)}</p>
      {onRetry && (
        <button type="button" className="button button--small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' }) {
  return (
    <div className={`alert alert--${tone}`} role="status">
      {children}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      {children}
    </div>
  );
}

/**
 * A page's success message, which never outlives the next action: `act`
 * clears it when an action starts, so that it cannot stand beside that
 * action's error, and shows the action's own message when it succeeds.
 * The action's error goes on to whoever shows it (a form, a row).
 */
export function useNotice() {
  const [notice, setNotice] = useState<string | null>(null);
  const clear = useCallback(() => setNotice(null), []);
  const act = useCallback(async (run: () => Promise<string | void>) => {
    setNotice(null);
    const text = await run();
    if (text) setNotice(text);
  }, []);
  return { notice, act, clear };
}
