import { defineConfig } from 'vite';

// The console is served by the coordinator under /console/; Maven passes --outDir (target/classes/console).
export default defineConfig({
  base: '/console/',
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
});
