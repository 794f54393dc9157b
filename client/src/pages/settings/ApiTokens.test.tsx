import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiTokensSection } from './ApiTokens';

afterEach(() => vi.unstubAllGlobals());

function json(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

const SECRET = 'cst_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
const TOKEN = { id: 't1', name: 'Home Assistant', scope: 'READ', createdAt: '2025-03-01T10:00:00Z', expiresAt: null, lastUsedAt: null };

/** A server with the tokens given, answering each operation by its name; the requests it got are in `sent`. */
function server(tokens: unknown[]) {
  const sent: { query: string; variables: Record<string, unknown> }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as { query: string; variables: Record<string, unknown> };
      sent.push(body);
      if (body.query.includes('mutation CreateApiToken')) {
        const input = body.variables.input as { name: string };
        if (input.name === 'taken') {
          return json({ data: null, errors: [{ message: 'That name is bad.', extensions: { code: 'BAD_USER_INPUT', field: 'name' } }] });
        }
        tokens = [TOKEN, ...tokens];
        return json({ data: { createApiToken: { token: SECRET, apiToken: TOKEN } } });
      }
      if (body.query.includes('mutation RevokeApiToken')) {
        tokens = [];
        return json({ data: { revokeApiToken: 't1' } });
      }
      return json({ data: { apiTokens: tokens } });
    }),
  );
  return sent;
}

describe('ApiTokensSection', () => {
  it('shows a new token’s secret once, then lists the token without it', async () => {
    const sent = server([]);
    render(<ApiTokensSection />);
    expect(await screen.findByText('No API tokens yet')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Name'), 'Home Assistant');
    await userEvent.click(screen.getByRole('button', { name: 'Make token' }));

    const shown = await screen.findByRole('region', { name: 'Your new token “Home Assistant”' });
    expect(within(shown).getByLabelText('The token’s secret')).toHaveValue(SECRET);
    expect(shown).toHaveTextContent('you will not see it again');
    await waitFor(() => expect(within(shown).getByRole('heading', { level: 3 })).toHaveFocus());
    const create = sent.find((b) => b.query.includes('mutation CreateApiToken'))!;
    const input = create.variables.input as { name: string; scope: string; expiresAt: string };
    expect(input.name).toBe('Home Assistant');
    expect(input.scope).toBe('READ');
    const days = (Date.parse(input.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);

    await userEvent.click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Your tokens' });
    expect(list).toHaveTextContent('Home Assistant');
    expect(list).toHaveTextContent('Read only');
    expect(list).toHaveTextContent('Last usedNever');
    expect(document.body).not.toHaveTextContent(SECRET);
  });

  it('sends the scope and no expiry chosen, and shows the server’s error on its field', async () => {
    const sent = server([]);
    render(<ApiTokensSection />);
    await userEvent.click(screen.getByRole('button', { name: 'Make token' }));
    // The first field at fault takes focus at the next frame.
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveFocus());
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(/Give the token a name/);
    expect(sent.some((b) => b.query.includes('mutation'))).toBe(false);

    await userEvent.type(screen.getByLabelText('Name'), 'taken');
    await userEvent.click(screen.getByRole('radio', { name: /Read and write/ }));
    await userEvent.selectOptions(screen.getByLabelText('Expires after'), 'Never (until revoked)');
    await userEvent.click(screen.getByRole('button', { name: 'Make token' }));
    expect(await screen.findByText('That name is bad.')).toBeInTheDocument();
    const input = sent.find((b) => b.query.includes('mutation'))!.variables.input;
    expect(input).toEqual({ name: 'taken', scope: 'READ_WRITE', expiresAt: null });
  });

  it('revokes a token once asked to confirm', async () => {
    const sent = server([TOKEN]);
    render(<ApiTokensSection />);
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke the token “Home Assistant”' }));
    expect(sent.some((b) => b.query.includes('mutation'))).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Yes, revoke' }));

    expect(await screen.findByText(/Revoked “Home Assistant”/)).toBeInTheDocument();
    expect(sent.find((b) => b.query.includes('mutation RevokeApiToken'))!.variables).toEqual({ id: 't1' });
    expect(await screen.findByText('No API tokens yet')).toBeInTheDocument();
  });
});
