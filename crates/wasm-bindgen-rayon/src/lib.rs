// Copyright 2022 Google Inc. All Rights Reserved. Licensed under the Apache License, Version 2.0;
// see LICENSE. Changed by parlab: the hand-off of rayon threads to workers (README.md).

//! Starts rayon's global pool on Web Workers that share the page's wasm memory.

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
compile_error!("wasm-bindgen-rayon needs the `atomics` and `bulk-memory` target features");

use js_sys::{JsString, Promise};
use rayon::{ThreadBuilder, ThreadPoolBuilder};
use wasm_bindgen::prelude::*;
use wasm_sync::{Condvar, Mutex};

/// The rayon threads waiting for a worker to run them. The page's thread pushes; each worker
/// takes one. `wasm_sync` spins where the page's thread would otherwise wait, which a browser
/// forbids there.
#[derive(Default)]
#[doc(hidden)]
pub struct Handoff {
    threads: Mutex<Vec<ThreadBuilder>>,
    pushed: Condvar,
}

/// The name is upstream's, which its JavaScript helper expects.
#[allow(non_camel_case_types)]
#[wasm_bindgen]
#[doc(hidden)]
pub struct wbg_rayon_PoolBuilder {
    num_threads: usize,
    /// Leaked, once per page: workers may still be taking their threads when JavaScript frees
    /// this builder.
    handoff: &'static Handoff,
}

#[wasm_bindgen(module = "/src/workerHelpers.no-bundler.js")]
extern "C" {
    #[wasm_bindgen(js_name = startWorkers)]
    fn start_workers(module: JsValue, memory: JsValue, builder: wbg_rayon_PoolBuilder) -> Promise;
}

#[wasm_bindgen]
impl wbg_rayon_PoolBuilder {
    fn new(num_threads: usize) -> Self {
        Self { num_threads, handoff: Box::leak(Box::default()) }
    }

    #[wasm_bindgen(js_name = mainJS)]
    pub fn main_js(&self) -> JsString {
        #[wasm_bindgen]
        extern "C" {
            #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
            static URL: JsString;
        }

        URL.with(Clone::clone)
    }

    #[wasm_bindgen(js_name = numThreads)]
    pub fn num_threads(&self) -> usize {
        self.num_threads
    }

    /// What each worker is told to take its thread from (see [`wbg_rayon_start_worker`]).
    pub fn receiver(&self) -> *const Handoff {
        self.handoff
    }

    /// Called by the JavaScript helper once every worker has started and waits for its thread.
    pub fn build(&mut self) {
        let handoff = self.handoff;
        ThreadPoolBuilder::new()
            .num_threads(self.num_threads)
            .spawn_handler(move |thread| {
                handoff.threads.lock().unwrap_throw().push(thread);
                handoff.pushed.notify_one();
                Ok(())
            })
            .build_global()
            .unwrap_throw();
    }
}

#[wasm_bindgen(js_name = initThreadPool)]
#[doc(hidden)]
pub fn init_thread_pool(num_threads: usize) -> Promise {
    start_workers(wasm_bindgen::module(), wasm_bindgen::memory(), wbg_rayon_PoolBuilder::new(num_threads))
}

/// A worker's entry: waits for a rayon thread and runs it (rayon's loop, for the page's life).
#[wasm_bindgen]
#[allow(clippy::not_unsafe_ptr_arg_deref)]
#[doc(hidden)]
pub fn wbg_rayon_start_worker(receiver: *const Handoff) {
    // SAFETY: `receiver` is what `wbg_rayon_PoolBuilder::receiver` returned: a leaked, never
    // freed `Handoff`, shared by threads of one memory (its fields are Sync).
    let handoff = unsafe { &*receiver };
    let mut threads = handoff.threads.lock().unwrap_throw();
    let thread = loop {
        match threads.pop() {
            Some(thread) => break thread,
            None => threads = handoff.pushed.wait(threads).unwrap_throw(),
        }
    };
    drop(threads);
    thread.run();
}
