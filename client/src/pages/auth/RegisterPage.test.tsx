import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RegisterPage } from './RegisterPage';
import { LoginPage } from './LoginPage';

function answer(body: unknown, status = 200) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/register" element={<RegisterPage />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="/" element={<p>dashboard</p>} />
      </Routes>
    </MemoryRouter>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('RegisterPage', () => {
  it('checks the password length before sending anything', async () => {
    const fetch = answer({});
    vi.stubGlobal('fetch', fetch);
    renderAt('/register');
    await userEvent.type(screen.getByLabelText('Email'), 'ana@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'fourteen chars');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Password').getAttribute('aria-describedby')).toContain('error');
    expect(fetch).not.toHaveBeenCalled();
  });

  it("puts the server's errors on the field they name", async () => {
    vi.stubGlobal(
      'fetch',
      answer({
        data: null,
        errors: [{ message: 'An account with this email already exists; sign in instead.', extensions: { code: 'CONFLICT', field: 'email' } }],
      }),
    );
    renderAt('/register');
    await userEvent.type(screen.getByLabelText('Email'), 'ana@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery staple');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('An account with this email already exists; sign in instead.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'false');
  });

  it('signs in and goes to the dashboard', async () => {
    const fetch = answer({
      data: {
        register: {
          accessToken: 'a',
          accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
          refreshToken: 'r',
          user: { id: 'u', email: 'ana@example.com' },
        },
      },
    });
    vi.stubGlobal('fetch', fetch);
    renderAt('/register');
    await userEvent.type(screen.getByLabelText('Email'), '  ana@example.com ');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery staple');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('dashboard')).toBeInTheDocument();
    const sent = JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string);
    expect(sent.variables).toEqual({ input: { email: 'ana@example.com', password: 'correct horse battery staple' } });
    expect(JSON.parse(window.localStorage.getItem('consumption.session')!).refreshToken).toBe('r');
  });
});

describe('LoginPage', () => {
  it('shows a refused sign-in above the form, with the wait when throttled', async () => {
    vi.stubGlobal(
      'fetch',
      answer({ data: null, errors: [{ message: 'Too many failed sign-ins; try again in 1m59s.', extensions: { code: 'RATE_LIMITED', retryAfter: 120 } }] }),
    );
    renderAt('/login');
    await userEvent.type(screen.getByLabelText('Email'), 'ana@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'whatever it is');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many failed sign-ins. Try again in 2 minutes.');
  });
});
