/** The pages, by path. Paths are real URLs (the server answers index.html for any of them). */
export const PAGES = [
  { path: '/', label: 'Overview' },
  { path: '/models', label: 'Models' },
  { path: '/playground', label: 'Playground' },
  { path: '/keys', label: 'Keys' },
  { path: '/logs', label: 'Logs' },
  { path: '/instances', label: 'Instances' },
  { path: '/config', label: 'Config' },
] as const;

export type PagePath = (typeof PAGES)[number]['path'];

export function pageFor(pathname: string): PagePath {
  const trimmed = pathname.replace(/\/+$/, '') || '/';
  return PAGES.find((page) => page.path === trimmed)?.path ?? '/';
}
