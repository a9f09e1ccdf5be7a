import { defineConfig } from 'vite';

/**
 * Bundles electron/preload.ts into ONE CommonJS file: a sandboxed preload can `require`
 * only 'electron' (and a few built-ins), never relative files, so tsc's output cannot be used.
 */
export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'out/preload',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: 'electron/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.js',
    },
    rolldownOptions: { external: ['electron'] },
  },
});
