import { Link, useNavigate, useSearchParams } from 'react-router';
import { login } from '../../api/auth';
import { session } from '../../api/session';
import { AuthFrame, CredentialsForm } from './AuthForm';

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const expired = session.endReason() === 'expired';
  return (
    <AuthFrame title="Sign in" intro="Follow the electricity, water and gas you use.">
      <CredentialsForm
        submitLabel="Sign in"
        busyLabel="Signing in…"
        newPassword={false}
        notice={
          expired ? (
            <div className="alert alert--info" role="status">
              <p>Your session has ended; please sign in again.</p>
            </div>
          ) : undefined
        }
        onSubmit={async (email, password) => {
          await login(email, password);
          navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
        }}
      />
      <p className="auth__switch">
        New here? <Link to="/register">Create an account</Link>
      </p>
    </AuthFrame>
  );
}
