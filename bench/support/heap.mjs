/**
 * Reading the retained heap for the memory benchmarks (run node with --expose-gc).
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

/**
 * Heap after GC, once sockets and their buffers had time to be finalized: `total` is V8's
 * `heapUsed`; `data` sums a heap snapshot without V8's compiled code (machine code, bytecode,
 * feedback and deoptimization data), which keeps growing as hot functions are optimized and
 * re-optimized and is not memory the program holds on to; `external` is memory outside the
 * V8 heap.
 */
export async function settledHeap() {
  for (let i = 0; i < 6; i++) {
    await new Promise((done) => setTimeout(done, 100));
    globalThis.gc();
  }
  const { heapUsed: total, external } = process.memoryUsage();
  const file = join(tmpdir(), `ngx-realtime-heap-${process.pid}.heapsnapshot`);
  writeHeapSnapshot(file);
  try {
    const { snapshot, nodes } = JSON.parse(readFileSync(file, 'utf8'));
    const fields = snapshot.meta.node_fields;
    const codeType = snapshot.meta.node_types[0].indexOf('code');
    const [typeAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('self_size')];
    let data = 0;
    for (let i = 0; i < nodes.length; i += fields.length) {
      if (nodes[i + typeAt] !== codeType) data += nodes[i + sizeAt];
    }
    return { total, data, external };
  } finally {
    rmSync(file, { force: true });
  }
}
