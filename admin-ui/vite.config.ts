import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the gateway's admin port at `/`; deep links get index.html, so asset URLs must be absolute.
export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    // `npm run dev` against a running gateway: ADMIN_URL=http://127.0.0.1:3200 npm run dev
    proxy: { '/admin': process.env.ADMIN_URL ?? 'http://127.0.0.1:3200' },
  },
});
