import { Link, useNavigate, useSearchParams } from 'react-router';
import { register } from '../../api/auth';
import { AuthFrame, CredentialsForm } from './AuthForm';

export function RegisterPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (
    <AuthFrame title="Create an account" intro="Record your bills and meter readings, and see them as charts.">
      <CredentialsForm
        submitLabel="Create account"
        busyLabel="Creating your account…"
        newPassword
        notice={
          params.get('deleted') ? (
            <div className="alert alert--success" role="status">
              <p>Your account and all its records have been deleted.</p>
            </div>
          ) : undefined
        }
        onSubmit={async (email, password) => {
          await register(email, password);
          navigate('/', { replace: true });
        }}
      />
      <p className="auth__switch">
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </AuthFrame>
  );
}
