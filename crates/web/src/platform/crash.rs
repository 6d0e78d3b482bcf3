//! Panics made visible. With `panic=abort` a panic traps the thread it happens on, so nothing
//! can recover; the user must at least see what happened instead of a silent freeze.
//!
//! On the UI thread the hook puts the message straight into the page as a `#fatal` banner. On a pool thread there is no DOM: the hook stores the message in
//! shared memory, and the running demo's progress poll (or its next Run) picks it up with
//! [`worker_crash`]: pool threads run nothing but a demo's runs, so no timer watches while idle.

use std::cell::RefCell;
use std::sync::Mutex;

use parlab_kernels::control::RunControl;

static WORKER_CRASH: Mutex<Option<String>> = Mutex::new(None);

thread_local! {
    /// The run computing now, if any (set by the runner): where a simulated worker panic lands.
    static RUNNING: RefCell<Option<RunControl>> = const { RefCell::new(None) };
}

/// Tells [`simulate_panic`] which run is computing (`None` once it ended).
pub fn watch_run(control: Option<RunControl>) {
    RUNNING.with(|slot| *slot.borrow_mut() = control);
}

pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!("parlab crashed: {info}");
        web_sys::console::error_1(&message.as_str().into());
        match web_sys::window().and_then(|w| w.document()) {
            Some(document) => show_fatal(&document, &message),
            None => {
                if let Ok(mut slot) = WORKER_CRASH.lock() {
                    slot.get_or_insert(message);
                }
            }
        }
    }));
}

/// Panics on purpose, on the UI thread or on a pool thread, so the end-to-end tests can check
/// that a crash is shown to the person rather than leaving a frozen page. Exported to the page
/// as `wasmBindings.parlabSimulatePanic(onWorker)`; nothing in the UI calls it.
///
/// On a worker during a run, the run's own kernel panics at its next check on a pool thread, so
/// the crash happens inside the run whatever the machine's speed; with no run, a job on an idle
/// pool thread panics.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = parlabSimulatePanic)]
pub fn simulate_panic(on_worker: bool) {
    if on_worker {
        // Without a pool, rayon would try to build its own and fail for another reason.
        if !crate::platform::pool::can_start_pool() {
            return;
        }
        match RUNNING.with(|slot| slot.borrow().clone()) {
            Some(control) => control.panic_at_next_pool_check(),
            None => rayon::spawn(|| panic!("{}", parlab_kernels::control::SIMULATED_PANIC)),
        }
    } else {
        panic!("simulated panic on the UI thread");
    }
}

/// Puts the message in a `#fatal` banner at the top of the page, outside Yew's tree (Yew will
/// not render again after a trap).
fn show_fatal(document: &web_sys::Document, message: &str) {
    let Some(body) = document.body() else { return };
    let Ok(banner) = document.create_element("div") else { return };
    banner.set_id("fatal");
    banner.set_class_name("fatal");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "error");
    banner.set_text_content(Some(&format!("{message}. Reload the page to start again.")));
    let _ = body.insert_before(&banner, body.first_child().as_ref());
}

/// The message of a panic on a pool thread, if one happened.
pub fn worker_crash() -> Option<String> {
    WORKER_CRASH.lock().ok().and_then(|slot| slot.clone())
}
