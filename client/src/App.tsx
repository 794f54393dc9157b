// The routes. Signed-out visitors reach only the sign-in and register pages;
// the playground and its large editor load only when opened.

import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './api/hooks';
import { session } from './api/session';
import { AccountProvider } from './components/Account';
import { Layout } from './components/Layout';
import { Loading } from './components/Status';
import { LoginPage } from './pages/auth/LoginPage';
import { RegisterPage } from './pages/auth/RegisterPage';

// Each signed-in page loads with its route, so that the sign-in page does
// not wait for the charting library or the playground's editor.
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const RecordsPage = lazy(() => import('./pages/records/RecordsPage').then((m) => ({ default: m.RecordsPage })));
const MetersPage = lazy(() => import('./pages/meters/MetersPage').then((m) => ({ default: m.MetersPage })));
const TariffsPage = lazy(() => import('./pages/tariffs/TariffsPage').then((m) => ({ default: m.TariffsPage })));
const SettingsPage = lazy(() => import('./pages/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const PlaygroundPage = lazy(() => import('./pages/playground/PlaygroundPage'));

function Page({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <SignedIn>
      <Layout wide={wide}>
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </Layout>
    </SignedIn>
  );
}

function Title({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Consumption`;
  }, [title]);
  return <>{children}</>;
}

/** Sends signed-out visitors to the sign-in page, remembering where they were going. */
function SignedIn({ children }: { children: ReactNode }) {
  const s = useSession();
  const location = useLocation();
  if (!s) {
    // Where to go depends on why there is no session: a deleted account
    // goes to register, a sign-out to sign-in, an expired session to
    // sign-in and back to where it was.
    const reason = session.endReason();
    if (reason === 'deleted') return <Navigate to="/register?deleted=1" replace />;
    const next = location.pathname + location.search;
    const back = reason !== 'logout' && next !== '/';
    return <Navigate to={back ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
  }
  return <AccountProvider key={s.user.id}>{children}</AccountProvider>;
}

function SignedOut({ children }: { children: ReactNode }) {
  const s = useSession();
  const location = useLocation();
  if (s) {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={next?.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
  }
  return <>{children}</>;
}

function NotFound() {
  return (
    <Layout>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <a href="/">Go to the dashboard</a>.
      </p>
    </Layout>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<Title title="Sign in"><SignedOut><LoginPage /></SignedOut></Title>} />
        <Route path="/register" element={<Title title="Create an account"><SignedOut><RegisterPage /></SignedOut></Title>} />
        <Route path="/" element={<Title title="Dashboard"><Page><DashboardPage /></Page></Title>} />
        <Route path="/records" element={<Title title="Records"><Page><RecordsPage /></Page></Title>} />
        <Route path="/meters" element={<Title title="Meters"><Page><MetersPage /></Page></Title>} />
        <Route path="/tariffs" element={<Title title="Tariffs"><Page><TariffsPage /></Page></Title>} />
        <Route path="/settings" element={<Title title="Settings"><Page><SettingsPage /></Page></Title>} />
        <Route path="/playground" element={<Title title="Playground"><Page wide><PlaygroundPage /></Page></Title>} />
        <Route path="*" element={<Title title="Not found"><NotFound /></Title>} />
      </Routes>
    </BrowserRouter>
  );
}
