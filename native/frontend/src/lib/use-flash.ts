import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

/**
 * A one-time message handed to the next page in the history state ({created: 5}): read once,
 * then removed from the state so a reload or "back" does not show it again.
 */
export function useFlash<T>(key: string): T | undefined {
  const location = useLocation();
  const navigate = useNavigate();
  const [value] = useState<T | undefined>(() => (location.state as Record<string, T> | null)?.[key]);
  const hasState = location.state !== null && location.state !== undefined;
  useEffect(() => {
    if (hasState) void navigate(location.pathname + location.search, { replace: true, state: null });
  }, [hasState, navigate, location.pathname, location.search]);
  return value;
}
