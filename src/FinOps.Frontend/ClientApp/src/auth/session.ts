// The signed-in API key, kept in localStorage so a reload keeps the user signed in.
// A tiny external store: React reads it with useSyncExternalStore, the API client reads it directly.
import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'finops.apiKey';

export type SignOutReason = 'signed-out' | 'expired';

let reason: SignOutReason | null = null;
const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // Storage disabled by the browser's privacy settings.
  }
}

function notify() {
  for (const listener of listeners) listener();
}

export const session = {
  getKey(): string | null {
    return storage()?.getItem(STORAGE_KEY) ?? null;
  },
  signIn(key: string) {
    reason = null;
    storage()?.setItem(STORAGE_KEY, key);
    notify();
  },
  signOut(why: SignOutReason = 'signed-out') {
    if (session.getKey() === null) return;
    reason = why;
    storage()?.removeItem(STORAGE_KEY);
    notify();
  },
  /** Why the last sign-out happened, so the sign-in page can say "your key was refused". */
  lastSignOutReason(): SignOutReason | null {
    return reason;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

// Signing in or out in another tab applies here too.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY || event.key === null) notify();
  });
}

export function useApiKey(): string | null {
  return useSyncExternalStore(session.subscribe, session.getKey, () => null);
}
