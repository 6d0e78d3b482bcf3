//! The levels this browser has won, kept in `localStorage` so the list marks them on the next
//! visit. Read defensively: a missing or foreign value means none.

const KEY: &str = "parlab:levels-solved";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The ids of the levels won in this browser.
pub fn read() -> Vec<String> {
    storage()
        .and_then(|storage| storage.get_item(KEY).ok().flatten())
        .map(|text| text.split(',').filter(|id| !id.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Adds `id` to the levels won and returns them all. A browser that keeps nothing (storage
/// disabled or full) still gets the list for this page.
pub fn record(id: &str) -> Vec<String> {
    let mut solved = read();
    if !solved.iter().any(|known| known == id) {
        solved.push(id.to_owned());
        if let Some(storage) = storage() {
            let _ = storage.set_item(KEY, &solved.join(","));
        }
    }
    solved
}
