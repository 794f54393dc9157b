// Settings: API tokens for scripts and other services. A new token's secret
// is shown once, with a button to copy it; the list shows every token but
// never a secret, and revokes one after asking.

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, describeError, request } from '../../api/client';
import { ApiTokensDocument, CreateApiTokenDocument, RevokeApiTokenDocument } from '../../api/documents';
import { useQuery } from '../../api/hooks';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { InputField, SelectField } from '../../components/Field';
import { Empty, ErrorMessage, Loading, Notice, useNotice } from '../../components/Status';
import type { ApiTokenFieldsFragment, ApiTokenScope } from '../../gql/graphql';
import { checkTokenName, EXPIRIES, expiresAt, formatInstant, isExpired, MAX_NAME_LENGTH, SCOPE_LABEL, SCOPES } from '../../lib/apiTokens';
import { focusFirstInvalid } from '../auth/AuthForm';

type Errors = { name?: string; scope?: string; expiresAt?: string; form?: string };

function CreateTokenForm({ onCreated }: { onCreated: (secret: string, token: ApiTokenFieldsFragment) => void }) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiTokenScope>('READ');
  const [days, setDays] = useState(String(EXPIRIES[1]!.days));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const nameError = checkTokenName(name);
    setErrors(nameError ? { name: nameError } : {});
    if (nameError) {
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    try {
      const input = { name: name.trim(), scope, expiresAt: expiresAt(Number(days), Date.now()) };
      const data = await request(CreateApiTokenDocument, { input });
      setName('');
      onCreated(data.createApiToken.token, data.createApiToken.apiToken);
    } catch (err) {
      const out: Errors = {};
      if (err instanceof ApiError) {
        for (const item of err.errors) {
          const key = item.field === 'name' || item.field === 'scope' || item.field === 'expiresAt' ? item.field : 'form';
          out[key] ??= key === 'form' ? describeError(new ApiError([item])) : item.message;
        }
      } else {
        out.form = describeError(err);
      }
      setErrors(out);
      requestAnimationFrame(() => focusFirstInvalid(form));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-token-title" className="stack token-form">
      <h3 id="new-token-title">Make a token</h3>
      {errors.form && <ErrorMessage error={errors.form} />}
      <InputField
        label="Name"
        value={name}
        maxLength={MAX_NAME_LENGTH}
        autoComplete="off"
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        hint="Where it is used, such as “Home Assistant” or “nightly backup”."
      />
      <fieldset className="token-form__scopes">
        <legend>Access</legend>
        {SCOPES.map((s) => (
          <label key={s.value} className="token-form__scope">
            <input type="radio" name="scope" value={s.value} checked={scope === s.value} onChange={() => setScope(s.value)} />
            <span>
              <strong>{s.label}</strong>
              <span className="field__hint">{s.hint}</span>
            </span>
          </label>
        ))}
        {errors.scope && <p className="field__error">{errors.scope}</p>}
      </fieldset>
      <SelectField label="Expires after" value={days} onChange={(e) => setDays(e.target.value)} error={errors.expiresAt}>
        {EXPIRIES.map((x) => (
          <option key={x.days} value={x.days}>
            {x.label}
          </option>
        ))}
      </SelectField>
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Making…' : 'Make token'}
        </button>
      </div>
    </form>
  );
}

/** The secret of a token just made, shown this once. */
function NewSecret({ secret, token, onDone }: { secret: string; token: ApiTokenFieldsFragment; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure page, or permission refused): select
      // the secret for the person to copy.
      field.current?.select();
      setCopied('no');
    }
  }

  return (
    <section className="new-secret" aria-labelledby="new-secret-title">
      <h3 id="new-secret-title" ref={heading} tabIndex={-1}>
        Your new token “{token.name}”
      </h3>
      <p className="new-secret__warning">
        <strong>Copy it now: you will not see it again.</strong> The server keeps only a fingerprint of it. Lost, it cannot be
        recovered: revoke it and make another.
      </p>
      <div className="new-secret__value">
        <label htmlFor="new-secret" className="visually-hidden">
          The token’s secret
        </label>
        <input id="new-secret" ref={field} readOnly value={secret} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button button--primary" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p role="status" className="new-secret__copied">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'The secret is selected: copy it with Ctrl+C (⌘C on a Mac).' : ''}
      </p>
      <p className="muted">
        A script sends it as <code>Authorization: Bearer {secret.slice(0, 8)}…</code> to <code>/graphql</code>.
      </p>
      <button type="button" className="button" onClick={onDone}>
        I have copied it
      </button>
    </section>
  );
}

function TokenItem({ token, now, onRevoke }: { token: ApiTokenFieldsFragment; now: number; onRevoke: () => Promise<void> }) {
  const expired = isExpired(token, now);
  return (
    <li className={`token${expired ? ' token--expired' : ''}`}>
      <div className="token__head">
        <h4 className="token__name">{token.name}</h4>
        <span className="tag tag--scope">{SCOPE_LABEL[token.scope]}</span>
        {expired && <span className="tag tag--expired">Expired</span>}
      </div>
      <dl className="token__facts">
        <div>
          <dt>Made</dt>
          <dd>{formatInstant(token.createdAt)}</dd>
        </div>
        <div>
          <dt>Last used</dt>
          <dd>{token.lastUsedAt ? formatInstant(token.lastUsedAt) : 'Never'}</dd>
        </div>
        <div>
          <dt>{expired ? 'Expired' : 'Expires'}</dt>
          <dd>{token.expiresAt ? formatInstant(token.expiresAt) : 'Never'}</dd>
        </div>
      </dl>
      <div className="token__actions">
        <ConfirmDelete
          question={`Revoke “${token.name}”? Whatever uses it stops working at once.`}
          what={`the token “${token.name}”`}
          onDelete={onRevoke}
          words={{ action: 'Revoke', confirm: 'Yes, revoke', busy: 'Revoking…', asking: 'Confirm revocation' }}
        />
      </div>
    </li>
  );
}

export function ApiTokensSection() {
  const { data, error, loading, reload } = useQuery(ApiTokensDocument, {});
  const [created, setCreated] = useState<{ secret: string; token: ApiTokenFieldsFragment } | null>(null);
  const { notice, act, clear } = useNotice();
  const tokens = data?.apiTokens ?? [];
  const now = Date.now();

  return (
    <section className="panel settings__wide stack" aria-labelledby="api-tokens-title">
      <h2 id="api-tokens-title" tabIndex={-1}>
        API tokens
      </h2>
      <p>
        A token lets a script or another service read your records (and, if you allow it, change them) without your password.
        Make one for each, so that you can revoke it alone.
      </p>
      {created ? (
        <NewSecret
          secret={created.secret}
          token={created.token}
          onDone={() => {
            setCreated(null);
            requestAnimationFrame(() => document.getElementById('api-tokens-title')?.focus());
          }}
        />
      ) : (
        <CreateTokenForm
          onCreated={(secret, token) => {
            clear();
            setCreated({ secret, token });
            reload();
          }}
        />
      )}
      <h3 id="token-list-title">Your tokens</h3>
      {notice && <Notice tone="success">{notice}</Notice>}
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {!data && loading && <Loading>Loading your tokens…</Loading>}
      {data && tokens.length === 0 && <Empty title="No API tokens yet" />}
      {tokens.length > 0 && (
        <ul className="tokens" aria-labelledby="token-list-title">
          {tokens.map((t) => (
            <TokenItem
              key={t.id}
              token={t}
              now={now}
              onRevoke={() =>
                act(async () => {
                  await request(RevokeApiTokenDocument, { id: t.id });
                  if (created?.token.id === t.id) setCreated(null);
                  reload();
                  return `Revoked “${t.name}”: it no longer works anywhere.`;
                })
              }
            />
          ))}
        </ul>
      )}
    </section>
  );
}
