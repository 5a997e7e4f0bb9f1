import { useOutletContext } from 'react-router';
import type { Me } from '@/types/models';

/** The signed-in account inside the signed-in pages (provided by the app's frame). */
export function useCurrentUser(): Me {
  return useOutletContext<Me>();
}
