//! `{{#parlab-parameters}}`: every URL parameter of every demo on one sheet, with its default,
//! written from the app's own registry of demos (`params::Demo::ALL` and each demo's keys), so
//! the instructors' page cannot drift from what the app reads.

use std::num::NonZeroUsize;

use parlab_kernels::params::{Demo, Limits, PageState};

/// The directive that becomes the sheet.
pub const DIRECTIVE: &str = "{{#parlab-parameters}}";

/// The device the defaults are shown for: the thread count and the largest n follow the
/// reader's device, so the sheet names one.
const SHOWN_CORES: usize = 4;

/// The sheet as a Markdown table: one row per demo and parameter, in the registry's order.
pub fn markdown() -> String {
    let limits = Limits::from(NonZeroUsize::new(SHOWN_CORES).unwrap_or(NonZeroUsize::MIN));
    let mut out = format!("| demo | parameter | default (on a device with {SHOWN_CORES} cores) |\n|---|---|---|\n");
    for demo in Demo::ALL {
        let state = PageState { demo: *demo, ..PageState::defaults(limits) };
        let defaults = state.share_query(false, false);
        for key in demo.parameters() {
            let default = defaults.iter().find(|(k, _)| k == key).map_or("–", |(_, v)| v.as_str());
            out.push_str(&format!("| `{}` | `{key}` | `{default}` |\n", demo.name()));
        }
    }
    out.push_str("| every demo | `autorun` | `0` (`1` runs once the pool is ready) |\n");
    out.push_str("| every demo | `embed` | `0` (`1`: the compact page for a frame) |\n");
    out.push_str("| every demo | `theme` | `auto` (`light`, `dark`) |\n");
    out
}
