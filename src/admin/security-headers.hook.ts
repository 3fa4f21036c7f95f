import type { onSendHookHandler } from 'fastify';

/**
 * What the built admin UI needs, checked against its `index.html` and assets: its own scripts
 * and stylesheets (no inline code; React sets styles through the DOM, which CSP allows), fetches
 * to its own API, and nothing framed or posted elsewhere.
 */
const UI_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Swagger UI (`/docs`) ships an inline `<style>` and data: icons; its scripts are files, so scripts stay strict. */
const DOCS_POLICY = UI_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
  "img-src 'self'",
  "img-src 'self' data:",
);

const isDocs = (path: string) => path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-');

/** The one-time login link carries the token in the URL: neither it nor an API answer may be kept in a cache. */
const mustNotBeStored = (path: string, query: string) => path.startsWith('/admin/api/') || /(^|&)token=/.test(query);

/**
 * Security headers on every answer of the admin port (pages, assets, API, errors), set in one
 * hook rather than through a dependency, since the whole policy is these few lines. It runs just
 * before sending, so the static file server's own `cache-control` cannot override `no-store`.
 */
export const securityHeadersHook: onSendHookHandler = (req, reply, payload, done) => {
  const [path, query = ''] = req.url.split('?', 2);
  reply.headers({
    'content-security-policy': isDocs(path) ? DOCS_POLICY : UI_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  });
  if (mustNotBeStored(path, query)) reply.header('cache-control', 'no-store');
  done(null, payload);
};
