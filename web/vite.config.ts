// Builds the browser client into web/dist: one HTML file, one JS bundle and
// one CSS file (no code splitting), plus the files of web/public as they are.
// Run from the repository root: `npm run build:web`.
import { defineConfig } from 'vite';

const root = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root,
  publicDir: 'public',
  base: '/',
  // Preact's automatic JSX runtime, without the preset's Babel pipeline.
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    cssCodeSplit: false,
    // No modulepreload polyfill: it would add code we do not need (one chunk).
    modulePreload: false,
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: true,
    rolldownOptions: {
      output: {
        codeSplitting: false,
        entryFileNames: 'assets/app-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    // `npx vite --config web/vite.config.ts` for development: the API comes
    // from a staffroom server on 8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
