import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served by `synthlab serve` and loaded from file:// by Electron, so every asset
// path is relative (base './') and the build lands beside dist/ where both look for it.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    // recharts alone is over the default 500 kB warning; the app is loaded from disk, not a network.
    chunkSizeWarningLimit: 1500,
  },
});
