// The map's `message-passing` variant: k plain Web Workers that share no memory with the page,
// as Python's Pool.map runs processes. Each chunk of the input is built into a message and
// copied to a worker (postMessage, a structured clone: no transfer, no shared memory), and
// each result is copied back the same way, as Pool.map pickles both ways. The workers run a
// JavaScript port of the Rust workloads, or a custom f's module; the page checks every returned
// value against the Rust sequential output (parlab-kernels, map/message_passing.rs).

/** The worker's whole program; it runs from a Blob URL, so it must not close over anything. */
function workerProgram() {
  const clock = () => performance.timeOrigin + performance.now();
  const square = (x) => x * x;
  // Doubles hold every value exactly: for inputs below 50 M the sequences stay below 2^53.
  // While 3x + 1 fits in an int32 the loop uses integer operations, which the engines compile
  // to machine integers (measured in Node: 3.5–7× faster than the doubles-only loop).
  const INT_LIMIT = 0x2aaaaaaa;
  const collatz = (x) => {
    let value = x;
    let steps = 0;
    while (value > 1) {
      if (value < INT_LIMIT) {
        let small = value | 0;
        while (small > 1 && small < INT_LIMIT) {
          small = small & 1 ? (3 * small + 1) | 0 : small >> 1;
          steps += 1;
        }
        value = small;
      } else {
        value = value % 2 === 0 ? value / 2 : 3 * value + 1;
        steps += 1;
      }
    }
    return steps;
  };
  const matvec = (cols) => (i) => {
    let sum = 0;
    for (let j = 0; j < cols; j += 1) sum += ((31 * i + 17 * j) % 10) * (j + 1);
    return sum;
  };
  // A custom f: its module, compiled by the page for memory that is not shared, instantiated
  // here in memory of this worker's own. It reads the chunk at 0 and writes the outputs' 64 bits
  // after it; those bytes go back as they are, so no value is rounded on the way.
  let custom = null;
  const load = ({ module, budget }) => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const math = { sin: Math.sin, cos: Math.cos, exp: Math.exp, log: Math.log, pow: Math.pow, fmod: (a, b) => a % b };
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(module), { env: { memory }, math });
    custom = { exports, memory, budget: BigInt(budget) };
  };
  const mapCustom = (input) => {
    const { exports, memory, budget } = custom;
    const out = Math.ceil((input.length * 4) / 8) * 8;
    const needed = out + input.length * 8;
    if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
    new Uint32Array(memory.buffer, 0, input.length).set(input);
    const code = exports.map(0, out, input.length, budget);
    if (code !== 0) throw new Error(`f stopped in a message-passing worker with fault code ${code} at x = ${input[exports.fault_index.value]}`);
    return new Float64Array(memory.buffer.slice(out, needed));
  };
  self.onmessage = ({ data }) => {
    if (data.module) return load(data);
    const received = clock();
    const { id, workload, cols, input } = data;
    let output;
    if (workload === 'custom') {
      output = mapCustom(input);
    } else {
      const f = workload === 'square' ? square : workload === 'collatz' ? collatz : matvec(cols);
      output = new Float64Array(input.length);
      for (let i = 0; i < input.length; i += 1) output[i] = f(input[i]);
    }
    self.postMessage({ id, received, computed: clock(), output });
  };
}

const WORKER_URL = URL.createObjectURL(
  new Blob([`(${workerProgram.toString()})();`], { type: 'text/javascript' }),
);

const clock = () => performance.timeOrigin + performance.now();

/** k workers, started once and reused for every repeat, as a Pool is. */
export class MessagePool {
  constructor(workers) {
    this.workers = Array.from({ length: workers }, () => new Worker(WORKER_URL));
    this.cancelled = false;
  }

  /** Gives every worker a custom f's module (bytes for unshared memory), before any run. */
  load(module, budget) {
    for (const worker of this.workers) worker.postMessage({ module, budget });
  }

  /**
   * Maps `workload` over 0 … n−1 in chunks of `chunk`, each worker taking the next chunk when it
   * returns one. `onResult(first, output)` sees each result as it arrives, on this thread.
   * Resolves with one Float64Array of trips, 7 numbers each: worker, first, length, sent,
   * received, computed, returned (ms on the clock every thread shares).
   */
  run(workload, cols, n, chunk, onResult) {
    return new Promise((resolve, reject) => {
      const trips = [];
      let next = 0;
      let pending = 0;
      let failed = false;
      const fail = (error) => {
        if (failed) return;
        failed = true;
        for (const worker of this.workers) worker.onmessage = worker.onerror = null;
        reject(error);
      };
      this.abort = () => fail(new Error('cancelled'));
      const send = (index) => {
        if (this.cancelled) return fail(new Error('cancelled'));
        if (next >= n) return pending === 0 && resolve(Float64Array.from(trips));
        const first = next;
        const length = Math.min(chunk, n - first);
        next += length;
        pending += 1;
        const sent = clock();
        // The chunk itself, as Pool.map pickles its slice of the input list.
        const input = new Uint32Array(length);
        for (let i = 0; i < length; i += 1) input[i] = first + i;
        // The id is where this trip's 7 numbers begin in `trips`.
        this.workers[index].postMessage({ id: trips.length, workload, cols, input });
        trips.push(index, first, length, sent, 0, 0, 0);
      };
      this.workers.forEach((worker, index) => {
        worker.onerror = (event) => fail(new Error(`a message-passing worker failed: ${event.message ?? 'no message'}`));
        worker.onmessage = ({ data }) => {
          const returned = clock();
          const at = data.id;
          trips[at + 4] = data.received;
          trips[at + 5] = data.computed;
          trips[at + 6] = returned;
          pending -= 1;
          try {
            onResult(trips[at + 1], data.output);
          } catch (error) {
            return fail(error);
          }
          send(index);
        };
      });
      for (let index = 0; index < this.workers.length; index += 1) send(index);
    });
  }

  /** Stops the workers at once; the run rejects with `cancelled`. */
  cancel() {
    this.cancelled = true;
    this.terminate();
    this.abort?.();
  }

  terminate() {
    for (const worker of this.workers) worker.terminate();
  }
}
