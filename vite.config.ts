import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Every text file of the build also as .br and .gz next to it: the server sends those (@fastify/static
// preCompressed) instead of compressing on each request, so a phone on a slow network gets ~1/4 of the bytes.
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'nuanxin-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file) || file.includes(`${path.sep}.vite${path.sep}`)) continue;
        const raw = fs.readFileSync(file);
        if (raw.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }));
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
      }
    },
  };
}

// The web app lives in src/web and builds to dist/web, which the server serves (SPA fallback to index.html).
export default defineConfig({
  root: here('./src/web'),
  plugins: [react(), precompress()],
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    // dist/web/.vite/manifest.json: tests/bundle-budget.test.ts adds up what a worker page loads from it.
    manifest: true,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
