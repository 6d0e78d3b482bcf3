//! The page URL's query string: read at start, rewritten whenever a control changes.

use parlab_kernels::params::{self, Limits, PageState, Parsed};

/// Parses `location.search` within the page's limits (its pool and memory).
pub fn read(limits: Limits) -> Parsed {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let pairs = decode(&search);
    params::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), limits)
}

/// Decoded key/value pairs of a query string, in order.
pub fn decode(search: &str) -> Vec<(String, String)> {
    let Ok(query) = web_sys::UrlSearchParams::new_with_str(search) else { return Vec::new() };
    js_sys::try_iter(&query)
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let pair = js_sys::Array::from(&entry.ok()?);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// Replaces the URL (no history entry) so that it reproduces `state`.
pub fn write(state: &PageState) {
    let Some(window) = web_sys::window() else { return };
    let Ok(query) = web_sys::UrlSearchParams::new() else { return };
    for (key, value) in state.to_query() {
        query.append(key, &value);
    }
    let url = format!("?{}", String::from(query.to_string()));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
