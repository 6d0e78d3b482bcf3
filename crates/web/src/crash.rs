//! Panics made visible. With `panic=abort` a panic traps the thread it happens on, so nothing
//! can recover; the user must at least see what happened instead of a silent freeze.
//!
//! On the UI thread the hook writes the message straight into the page's `#fatal` element (Yew
//! will not render again). On a pool thread there is no DOM: the hook stores the message in
//! shared memory, and the UI's progress poll picks it up with [`worker_crash`].

use std::sync::Mutex;

static WORKER_CRASH: Mutex<Option<String>> = Mutex::new(None);

pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!("parlab crashed: {info}");
        web_sys::console::error_1(&message.as_str().into());
        match web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("fatal")) {
            Some(element) => {
                element.set_text_content(Some(&format!("{message}. Reload the page to start again.")));
                let _ = element.set_attribute("data-testid", "error");
                let _ = element.remove_attribute("hidden");
            }
            None => {
                if let Ok(mut slot) = WORKER_CRASH.lock() {
                    slot.get_or_insert(message);
                }
            }
        }
    }));
}

/// The message of a panic on a pool thread, if one happened.
pub fn worker_crash() -> Option<String> {
    WORKER_CRASH.lock().ok().and_then(|slot| slot.clone())
}
