import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The Go server embeds dist/. The committed dist/index.html is a placeholder
// that lets a fresh checkout compile, so the build writes the app's page as
// app.html beside it instead of over it.
const appPage: Plugin = {
  name: 'hookflow-app-page',
  apply: 'build',
  enforce: 'post',
  generateBundle(_options, bundle) {
    const page = bundle['index.html'];
    if (!page || page.type !== 'asset') return;
    delete bundle['index.html'];
    this.emitFile({ type: 'asset', fileName: 'app.html', source: page.source });
  },
};

const server = process.env.HOOKFLOW_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), appPage],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    assetsDir: 'assets',
    // Libraries in chunks of their own: the app's own code changes more
    // often than they do, and no chunk grows past Vite's size warning.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 20 },
            { name: 'canvas', test: /node_modules[\\/](@xyflow|d3-[a-z-]+|zustand|classcat)[\\/]/, priority: 15 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': server,
      '/hook': server,
      '/healthz': server,
      '/openapi.yaml': server,
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // The machines that run the tests are shared: a first render can take seconds.
    testTimeout: 20_000,
  },
});
