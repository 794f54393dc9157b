// The shared frame and fields of the sign-in and register pages.

import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, describeError } from '../../api/client';
import { InputField } from '../../components/Field';
import { checkNewPasswordLength, MIN_PASSWORD_LENGTH } from '../../lib/passwords';

export interface AuthErrors {
  email?: string;
  password?: string;
  form?: string;
}

/** Puts the server's errors on the field they name, the rest above the form. */
export function authErrors(e: unknown): AuthErrors {
  if (!(e instanceof ApiError)) return { form: describeError(e) };
  const out: AuthErrors = {};
  for (const item of e.errors) {
    if (item.field === 'email' && !out.email) out.email = item.message;
    else if (item.field === 'password' && !out.password) out.password = item.message;
    else if (!out.form) out.form = describeError(new ApiError([item]));
  }
  return out;
}

export function AuthFrame({ title, intro, children }: { title: string; intro: ReactNode; children: ReactNode }) {
  return (
    <main id="main" className="auth">
      <div className="auth__card">
        <p className="auth__brand" aria-hidden="true">
          <svg viewBox="0 0 32 32" width="32" height="32">
            <rect width="32" height="32" rx="6" fill="currentColor" />
            <path d="M18 4 8 18h7l-2 10 11-15h-7z" fill="#fff" />
          </svg>
          Consumption
        </p>
        <h1>{title}</h1>
        <p className="auth__intro">{intro}</p>
        {children}
      </div>
    </main>
  );
}

interface CredentialsFormProps {
  submitLabel: string;
  busyLabel: string;
  newPassword: boolean;
  onSubmit: (email: string, password: string) => Promise<void>;
  notice?: ReactNode;
}

export function CredentialsForm({ submitLabel, busyLabel, newPassword, onSubmit, notice }: CredentialsFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<AuthErrors>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const local: AuthErrors = {};
    if (!email.trim()) local.email = 'Enter your email address.';
    if (!password) local.password = 'Enter your password.';
    else if (newPassword) local.password = checkNewPasswordLength(password);
    setErrors(local);
    if (local.email || local.password) {
      focusFirstInvalid(form);
      return;
    }
    setBusy(true);
    try {
      await onSubmit(email.trim(), password);
    } catch (err) {
      setErrors(authErrors(err));
      setBusy(false);
      requestAnimationFrame(() => focusFirstInvalid(form));
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      {notice}
      {errors.form && (
        <div className="alert alert--error" role="alert">
          <p>{errors.form}</p>
        </div>
      )}
      <InputField
        label="Email"
        type="email"
        name="email"
        autoComplete="email"
        inputMode="email"
        spellCheck={false}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
        required
      />
      <InputField
        label="Password"
        type={show ? 'text' : 'password'}
        name="password"
        autoComplete={newPassword ? 'new-password' : 'current-password'}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        hint={newPassword ? `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words are strong and easy to remember.` : undefined}
        required
      />
      <label className="checkbox">
        <input type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} /> Show password
      </label>
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}

/** Moves focus to the first control marked invalid, so that its error is read out. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
