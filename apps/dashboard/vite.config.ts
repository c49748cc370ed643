import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const domainSrc = fileURLToPath(new URL('../../libs/domain/src/index.ts', import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@cutover/domain': domainSrc } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, reportCompressedSize: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
