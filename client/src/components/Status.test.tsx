import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Notice, useNotice } from './Status';

/** A page with one action that succeeds and one that fails. */
function Page() {
  const { notice, act } = useNotice();
  const [error, setError] = useState<string | null>(null);
  const run = (fail: boolean) =>
    act(async () => {
      setError(null);
      if (fail) throw new Error('refused');
      return 'Saved.';
    }).catch((e: Error) => setError(e.message));
  return (
    <>
      <button onClick={() => void run(false)}>Save</button>
      <button onClick={() => void run(true)}>Fail</button>
      {notice && <Notice tone="success">{notice}</Notice>}
      {error && <p role="alert">{error}</p>}
    </>
  );
}

describe('useNotice', () => {
  it('shows an action’s message, and clears it when the next action fails', async () => {
    render(<Page />);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('status')).toHaveTextContent('Saved.');
    await userEvent.click(screen.getByRole('button', { name: 'Fail' }));
    expect(screen.getByRole('alert')).toHaveTextContent('refused');
    expect(screen.queryByRole('status')).toBeNull();
  });
});
