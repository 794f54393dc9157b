// Signing in and out.

import { request } from './client';
import { LoginDocument, LogoutDocument, RegisterDocument } from './documents';
import { session } from './session';

export async function register(email: string, password: string): Promise<void> {
  const data = await request(RegisterDocument, { input: { email, password } }, { auth: false });
  session.start(data.register);
}

export async function login(email: string, password: string): Promise<void> {
  const data = await request(LoginDocument, { input: { email, password } }, { auth: false });
  session.start(data.login);
}

/**
 * Signs out: the server revokes the refresh token's family, and this browser
 * forgets the session and the playground's saved tabs, which may hold the
 * person's queries. Signing out here works even when the server is down.
 */
export async function logout(): Promise<void> {
  const s = session.get();
  if (s) {
    try {
      await request(LogoutDocument, { refreshToken: s.refreshToken }, { auth: false });
    } catch {
      // The session ends in this browser whatever the server said.
    }
  }
  forgetPlayground();
  session.end('logout');
}

/** Removes GraphiQL's saved tabs and history. */
export function forgetPlayground(): void {
  for (let i = window.localStorage.length - 1; i >= 0; i--) {
    const key = window.localStorage.key(i);
    if (key?.startsWith('graphiql:')) window.localStorage.removeItem(key);
  }
}
