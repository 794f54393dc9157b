// Settings: the time zone, gas calorific value and currency, the password,
// API tokens, and deleting the account.

import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { forgetPlayground, login } from '../../api/auth';
import { ApiError, describeError, request } from '../../api/client';
import { ChangePasswordDocument, DeleteAccountDocument, UpdateSettingsDocument } from '../../api/documents';
import { session } from '../../api/session';
import { useAccount } from '../../components/Account';
import { InputField, SelectField } from '../../components/Field';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { checkAmount, normalizeAmount } from '../../lib/decimal';
import { currencyCodes } from '../../lib/money';
import { checkNewPasswordLength, MIN_PASSWORD_LENGTH } from '../../lib/passwords';
import { focusFirstInvalid } from '../auth/AuthForm';
import { ApiTokensSection } from './ApiTokens';

type Errors = Record<string, string | undefined>;

/** Errors by field name, and the rest under `form`. */
function byField(e: unknown, fields: Record<string, string>): Errors {
  if (!(e instanceof ApiError)) return { form: describeError(e) };
  const out: Errors = {};
  for (const item of e.errors) {
    const key = item.field ? fields[item.field] : undefined;
    if (key && !out[key]) out[key] = item.message;
    else if (!out.form) out.form = describeError(new ApiError([item]));
  }
  return out;
}

function checkCalorific(s: string): string | null {
  const amount = checkAmount(s);
  if (amount) return amount.replace('The amount', 'The value');
  if (!/[1-9]/.test(s)) return 'The value must be more than 0.';
  const [int = '0', frac = ''] = s.split('.');
  if (Number(int) > 100 || (Number(int) === 100 && /[1-9]/.test(frac))) return 'The value must be at most 100.';
  return null;
}

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const set = new Set(['UTC', ...zones]);
  if (current) set.add(current);
  return [...set].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}

function PreferencesForm() {
  const { me, reload } = useAccount();
  const [timeZone, setTimeZone] = useState('');
  const [gas, setGas] = useState('');
  const [currency, setCurrency] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZones(me?.timeZone ?? ''), [me?.timeZone]);
  const currencies = useMemo(() => currencyCodes(me?.currency ?? ''), [me?.currency]);
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  useEffect(() => {
    if (me) {
      setTimeZone(me.timeZone);
      setGas(me.gasKwhPerCubicMeter);
      setCurrency(me.currency);
    }
  }, [me]);

  if (!me) return <Loading />;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setSaved(false);
    const value = normalizeAmount(gas);
    const local: Errors = {};
    const gasError = checkCalorific(value);
    if (gasError) local.gas = gasError;
    setErrors(local);
    if (gasError) {
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    try {
      await request(UpdateSettingsDocument, { input: { timeZone, gasKwhPerCubicMeter: value, currency } });
      setSaved(true);
      reload();
    } catch (err) {
      setErrors(byField(err, { timeZone: 'timeZone', gasKwhPerCubicMeter: 'gas', currency: 'currency' }));
      requestAnimationFrame(() => focusFirstInvalid(form));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="prefs-title" className="stack">
      <h2 id="prefs-title">Preferences</h2>
      {errors.form && <ErrorMessage error={errors.form} />}
      <SelectField
        label="Time zone"
        value={timeZone}
        onChange={(e) => setTimeZone(e.target.value)}
        error={errors.timeZone}
        hint="Decides what “today” and “this month” are for your records and dashboard."
      >
        {zones.map((z) => (
          <option key={z} value={z}>
            {z.replace(/_/g, ' ')}
          </option>
        ))}
      </SelectField>
      {browserZone && browserZone !== timeZone && (
        <p>
          <button type="button" className="link-button" onClick={() => setTimeZone(browserZone)}>
            Use this device’s time zone ({browserZone.replace(/_/g, ' ')})
          </button>
        </p>
      )}
      <InputField
        label="Gas calorific value (kWh per m³)"
        inputMode="decimal"
        value={gas}
        onChange={(e) => setGas(e.target.value)}
        error={errors.gas}
        hint="Your gas bill states it, often near 11.2. It converts gas between cubic metres and kWh."
      />
      <SelectField
        label="Currency"
        name="currency"
        value={currency}
        onChange={(e) => setCurrency(e.target.value)}
        error={errors.currency}
        hint="Costs are in it, rounded to its smallest coin (cents, or whole yen). Changing it converts nothing."
      >
        {currencies.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </SelectField>
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save preferences'}
        </button>
      </div>
      {saved && <Notice tone="success">Saved your preferences.</Notice>}
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setDone(false);
    const local: Errors = {};
    if (!current) local.current = 'Enter the password you use now.';
    local.next = checkNewPasswordLength(next);
    setErrors(local);
    if (local.current || local.next) {
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    try {
      await request(ChangePasswordDocument, { input: { currentPassword: current, newPassword: next } });
      // Changing the password signs out every session, this one included:
      // sign in again with the new password to carry on.
      const email = session.get()?.user.email;
      if (email) await login(email, next);
      setCurrent('');
      setNext('');
      setDone(true);
    } catch (err) {
      setErrors(byField(err, { currentPassword: 'current', newPassword: 'next', password: 'current' }));
      requestAnimationFrame(() => focusFirstInvalid(form));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="password-title" className="stack">
      <h2 id="password-title">Change password</h2>
      <p className="muted">Every other device you are signed in on will be signed out.</p>
      {errors.form && <ErrorMessage error={errors.form} />}
      <InputField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={errors.current} />
      <InputField
        label="New password"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={errors.next}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters, not a common password, and not containing your email’s name.`}
      />
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </div>
      {done && <Notice tone="success">Your password is changed; other devices have been signed out.</Notice>}
    </form>
  );
}

function DeleteAccountForm() {
  const [password, setPassword] = useState('');
  const [sure, setSure] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const local: Errors = {};
    if (!password) local.password = 'Enter your password to confirm.';
    if (!sure) local.sure = 'Tick the box to confirm that you want to delete everything.';
    setErrors(local);
    if (local.password || local.sure) {
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    try {
      await request(DeleteAccountDocument, { password });
      forgetPlayground();
      // The sign-in guard sends the person to the register page, saying so.
      session.end('deleted');
    } catch (err) {
      setErrors(byField(err, { password: 'password' }));
      setBusy(false);
      requestAnimationFrame(() => focusFirstInvalid(form));
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="delete-title" className="stack danger-zone">
      <h2 id="delete-title">Delete account</h2>
      <p>This removes your account and every record in it, at once and for good. Export your records first if you want to keep them.</p>
      {errors.form && <ErrorMessage error={errors.form} />}
      <InputField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} />
      <div className={`field${errors.sure ? ' field--invalid' : ''}`}>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={sure}
            onChange={(e) => setSure(e.target.checked)}
            aria-invalid={Boolean(errors.sure)}
            aria-describedby={errors.sure ? 'delete-sure-error' : undefined}
          />{' '}
          I understand that my records cannot be recovered
        </label>
        {errors.sure && (
          <p className="field__error" id="delete-sure-error">
            {errors.sure}
          </p>
        )}
      </div>
      <div>
        <button type="submit" className="button button--danger" disabled={busy}>
          {busy ? 'Deleting…' : 'Delete my account'}
        </button>
      </div>
    </form>
  );
}

export function SettingsPage() {
  const { me, error, reload } = useAccount();
  return (
    <>
      <div className="page__head">
        <h1>Settings</h1>
        {me && <p className="page__sub">Signed in as {me.email}</p>}
      </div>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      <div className="settings">
        <section className="panel">
          <PreferencesForm />
        </section>
        <section className="panel">
          <PasswordForm />
        </section>
        <ApiTokensSection />
        <section className="panel">
          <DeleteAccountForm />
        </section>
      </div>
    </>
  );
}
