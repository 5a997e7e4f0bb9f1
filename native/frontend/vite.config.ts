/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API the dev server and `vite preview` proxy /api to (the Flask app, port 5000 by default).
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:5000';
const proxy = { '/api': { target: apiUrl, changeOrigin: false } };

// The policy the built app is served with (nginx, Flask); `vite preview` sends it too, so a
// look at the build shows any violation (no inline script or style, nothing external).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
  "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'",
  "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { port: 5173, strictPort: false, proxy },
  preview: { port: 4173, proxy, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Every asset is a file in dist/: nothing inlined as a data: URL, nothing from a CDN.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    globals: false,
    setupFiles: ['./src/testing/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
  },
});
