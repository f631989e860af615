/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Under Aspire the AppHost hands the dev server its port in PORT and the API's address in
// services__api__http__0 (service discovery configuration); outside Aspire both can be set by hand.
const port = Number(process.env.PORT ?? 5173);
const apiTarget = process.env.services__api__http__0 ?? process.env.services__api__https__0;

export default defineConfig({
  plugins: [react()],
  server: {
    port,
    strictPort: true,
    proxy: apiTarget ? { '/api': { target: apiTarget, changeOrigin: true } } : undefined,
  },
  preview: {
    port,
    strictPort: true,
    proxy: apiTarget ? { '/api': { target: apiTarget, changeOrigin: true } } : undefined,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // ECharts is one ~580 kB chunk (under 200 kB gzipped), loaded only by the pages that draw charts.
    chunkSizeWarningLimit: 700,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
