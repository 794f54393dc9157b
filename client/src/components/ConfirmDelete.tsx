// A Delete button that asks first, in place: "Delete this …?", then Yes or
// Keep, and shows on the spot why a deletion failed. Edit buttons and the
// like go beside it as children, hidden while it asks. `words` names
// another action that cannot be undone, such as revoking.

import { useState, type ReactNode } from 'react';
import { describeError } from '../api/client';

interface Props {
  /** The question asked, such as "Delete this record?". */
  question: string;
  /** What is deleted, for screen readers: "gas record of 1 Jan 2024". */
  what: string;
  onDelete: () => Promise<void>;
  /** Shown beside the Delete button while it is not asking. */
  children?: ReactNode;
  /** The buttons' words, for an action other than deleting. */
  words?: Words;
}

interface Words {
  action: string;
  confirm: string;
  busy: string;
  /** The name of the group of buttons that ask. */
  asking: string;
}

const DELETE: Words = { action: 'Delete', confirm: 'Yes, delete', busy: 'Deleting…', asking: 'Confirm deletion' };

export function ConfirmDelete({ question, what, onDelete, children, words = DELETE }: Props) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {asking ? (
        <div className="confirm" role="group" aria-label={words.asking}>
          <span>{question}</span>
          <button
            type="button"
            className="button button--danger button--small"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await onDelete();
                setAsking(false);
              } catch (e) {
                setError(describeError(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            {busy ? words.busy : words.confirm}
          </button>
          <button type="button" className="button button--small" onClick={() => setAsking(false)} autoFocus>
            Keep
          </button>
        </div>
      ) : (
        <>
          {children}
          <button
            type="button"
            className="button button--small button--ghost-danger"
            onClick={() => {
              setAsking(true);
              setError(null);
            }}
          >
            {words.action}
            <span className="visually-hidden"> {what}</span>
          </button>
        </>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
