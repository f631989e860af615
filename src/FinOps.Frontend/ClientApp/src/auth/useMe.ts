import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { useApiKey } from './session';

/** The signed-in identity (name and role), shared by every component that asks. */
export function useMe() {
  const key = useApiKey();
  return useQuery({
    queryKey: ['me', key],
    queryFn: ({ signal }) => api.me(undefined, signal),
    enabled: key !== null,
    staleTime: 5 * 60_000,
  });
}
