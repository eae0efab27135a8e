// Reading an order file (NDJSON or CSV, gzip or not) into an OrderTable: what the command line runs,
// and what the benchmark times.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { forEachLine, OrderReader, sniffFormat, type Problem } from './orders.js';
import { OrderTable } from './table.js';

export type LoadedFile = { table: OrderTable; problems: Problem[]; rejected: number; lines: number };

async function* textChunks(path: string): AsyncGenerator<string> {
  const fd = fs.openSync(path, 'r');
  const head = Buffer.alloc(2);
  fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  const raw = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(zlib.createGunzip({ chunkSize: 1 << 20 })) : raw;
  stream.setEncoding('utf8');
  for await (const chunk of stream) yield chunk as string;
}

/** Reads every line; a CSV whose header lacks required columns throws HeaderError. */
export async function loadOrderFile(path: string, opts: { keepIds?: boolean; maxProblems?: number } = {}): Promise<LoadedFile> {
  const table = new OrderTable({ keepIds: opts.keepIds ?? false, capacity: 1 << 20 });
  let reader: OrderReader | null = null;
  const lines = await forEachLine(textChunks(path), (line, n) => {
    if (!reader) {
      if (!line.trim()) return;
      reader = new OrderReader(sniffFormat(line), () => true, opts.maxProblems ?? 100_000);
    }
    const o = reader.read(line, n);
    if (o) table.add(o);
  });
  const r = reader as OrderReader | null;
  return { table, problems: r?.problems ?? [], rejected: r?.rejected ?? 0, lines };
}
