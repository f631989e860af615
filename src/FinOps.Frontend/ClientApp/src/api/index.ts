import { session } from '../auth/session';
import { createApiClient } from './client';

export * from './client';

/** The application's client: the stored key on every call, back to sign-in when it is refused. */
export const api = createApiClient({
  getKey: session.getKey,
  onUnauthorized: () => session.signOut('expired'),
});
