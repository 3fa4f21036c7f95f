import { useCallback, useEffect, useState } from 'react';
import { pageFor, type PagePath } from './routes.ts';

/** A history-API router for five flat pages; a library would add more than it saves. */
export function useLocationPage(): [PagePath, (path: PagePath) => void] {
  const [page, setPage] = useState<PagePath>(() => pageFor(window.location.pathname));

  useEffect(() => {
    const onPop = () => setPage(pageFor(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((path: PagePath) => {
    if (path !== window.location.pathname) window.history.pushState(null, '', path);
    setPage(path);
  }, []);

  return [page, navigate];
}
