//! The app: the page around the demos (demo picker, isolation banner, parameter problems) and the current demo.

use std::num::NonZeroUsize;
use std::rc::Rc;

use parlab_kernels::params::{ParamEdit, Parsed};
use yew::prelude::*;

use crate::platform::isolation::Start;
use crate::platform::parallelism::{self, Parallelism};
use crate::platform::pool::{self, PoolStatus};
use crate::platform::url;
use crate::shell::banner::{IsolationBannerProps, isolation_banner};
use crate::shell::demo::DemoView;
use crate::shell::fields::FieldProblems;
use crate::shell::share::{Share, full_page_link};
use crate::shell::theme::{theme_toggle, use_theme};
use registry::DEMOS;

pub mod registry;

#[component]
pub fn App() -> Html {
    let limits = pool::limits();
    let parsed = use_state(|| url::read(limits));
    let start = use_state(Start::read);
    let planned = registry::pool_size_for(&parsed.state);
    let pool_status = use_state(|| {
        if pool::can_start_pool() {
            PoolStatus::Starting { threads: planned }
        } else if pool::is_cross_origin_isolated() {
            PoolStatus::Failed { message: pool::unstartable_reason().to_owned() }
        } else {
            PoolStatus::NotIsolated
        }
    });
    // Bumped on every edit so the form is rebuilt from the validated state, not left showing
    // a rejected value the person typed.
    let revision = use_reducer(Revision::default);
    let parallelism = use_state(parallelism::initial);

    // Measures the cores on the pool. The state stays as it is: the measurement is shown (the
    // banner, the verdicts) and never changes the default k, which comes from the reported
    // cores; a busy second would otherwise turn k into 1 under the person's eyes.
    let measure = {
        let parallelism = parallelism.clone();
        Callback::from(move |threads: NonZeroUsize| {
            let parallelism = parallelism.clone();
            parallelism.set(Parallelism::Measuring);
            wasm_bindgen_futures::spawn_local(async move {
                match parallelism::measure(threads).await {
                    Ok(measured) => parallelism.set(Parallelism::Measured(measured)),
                    Err(message) => parallelism.set(Parallelism::Failed(message)),
                }
            });
        })
    };
    {
        let (pool_status, measure) = (pool_status.clone(), measure.clone());
        let unmeasured = parallelism::measured().is_none();
        use_effect_with((), move |_| {
            if let Some((threads, began, ready)) = pool::started() {
                wasm_bindgen_futures::spawn_local(async move {
                    match ready.await {
                        Ok(ready_at_ms) => {
                            let parallelism = Parallelism::Measuring;
                            pool_status.set(PoolStatus::Ready {
                                threads,
                                startup_ms: ready_at_ms - began,
                                ready_at_ms,
                                parallelism,
                            });
                            if unmeasured {
                                gloo_timers::future::TimeoutFuture::new(parallelism::SETTLE_MS).await;
                                measure.emit(threads);
                            }
                        }
                        Err(message) => pool_status.set(PoolStatus::Failed { message }),
                    }
                });
            }
        });
    }
    let pool_status = match (*pool_status).clone() {
        PoolStatus::Ready { threads, startup_ms, ready_at_ms, .. } => {
            PoolStatus::Ready { threads, startup_ms, ready_at_ms, parallelism: (*parallelism).clone() }
        }
        other => other,
    };

    let on_edit = {
        let parsed = parsed.clone();
        let revision = revision.clone();
        Callback::from(move |edit: ParamEdit| {
            let next = edit.apply(&parsed.state, limits);
            url::write(&next.state);
            parsed.set(next);
            revision.dispatch(());
        })
    };

    let Parsed { state, problems } = (*parsed).clone();
    use_theme(state.theme);
    let full_page = full_page_link(&state);
    html! {
        <div class={classes!("page", state.embed.then_some("embed"))}>
            if state.embed {
                <header class="embed-bar">
                    <h1>{ "parlab · " }{ registry::entry(state.demo).title }</h1>
                    <a class="open-full" data-testid="open-full" href={full_page.clone()} target="_blank" rel="noopener">
                        { "Open in a new tab ↗" }
                    </a>
                    { theme_toggle(state.theme, &on_edit) }
                    <Share state={state} title={registry::entry(state.demo).title} />
                </header>
            } else {
                <header class="top">
                    <div class="brand">
                        <h1>{ "parlab" }</h1>
                        <p class="tagline">{ "Sequential vs parallel, on real threads in your browser" }</p>
                    </div>
                    <nav class="demos" aria-label="demos">
                        { for DEMOS.iter().map(|entry| html! {
                            <a class={classes!("demo-tab", (entry.demo == state.demo).then_some("active"))}
                               href={format!("?demo={}", entry.demo.name())}>{ entry.title }</a>
                        }) }
                    </nav>
                    <div class="header-actions">
                        { theme_toggle(state.theme, &on_edit) }
                        <Share state={state} title={registry::entry(state.demo).title} />
                    </div>
                </header>
            }
            <main>
                if start.from_cache {
                    <p class="notice info offline" data-testid="offline">
                        { "Offline: parlab runs from the copy this browser kept on your last visit. Demos and chapters you opened before work; anything new needs the network." }
                    </p>
                }
                { isolation_banner(IsolationBannerProps { status: pool_status.clone(), start: *start, planned, full_page: full_page.clone().into(), on_measure: measure, pool_reason: registry::entry(state.demo).pool_reason }) }
                if !problems.is_empty() {
                    <section class="problems" data-testid="error" role="alert">
                        <strong>{ "Some parameters could not be used as given:" }</strong>
                        <ul>{ for problems.iter().map(|p| html! { <li data-param={p.param.clone()}>{ &p.message }</li> }) }</ul>
                        if state.autorun {
                            <p>{ "Autorun was skipped so you can check the values first; press Run when ready." }</p>
                        }
                    </section>
                }
                if !state.embed {
                    <p class="lesson">
                        <a data-testid="lesson" href={format!("course/{}", registry::entry(state.demo).lesson)}>{ "Read the lesson" }</a>
                        { " — the course chapter that teaches this demo, with exercises to predict, then run." }
                    </p>
                }
                <ContextProvider<FieldProblems> context={FieldProblems(problems.clone().into())}>
                    if let Some(view) = registry::view(state.demo) {
                        { view(&DemoView {
                            state,
                            pool: pool_status,
                            autorun: state.autorun && problems.is_empty(),
                            on_edit,
                            revision: revision.0,
                        }) }
                    } else {
                        <p class="notice error" data-testid="part-missing">
                            { format!("This copy of parlab loaded a part without the {} demo: its files do not match each other. Reload the page; if this stays, the site was published from an incomplete build.", state.demo.name()) }
                        </p>
                    }
                </ContextProvider<FieldProblems>>
                if !state.embed && registry::entry(state.demo).keeps_runs {
                    <crate::shell::history::HistoryPanel demo={state.demo.name()} />
                }
            </main>
            if !state.embed {
            <footer>
                { "parlab — Rust compiled to WebAssembly, threads are Web Workers sharing one memory (wasm-bindgen-rayon). " }
                { "The URL holds every setting: Share gives a link, an iframe snippet and a Markdown link to this exact state." }
            </footer>
            }
        </div>
    }
}

/// A count bumped on every edit and whenever the state is read again from the URL: the form's
/// key, so it is rebuilt from the validated state.
#[derive(Default, PartialEq)]
struct Revision(u32);

impl Reducible for Revision {
    type Action = ();

    fn reduce(self: Rc<Self>, (): ()) -> Rc<Self> {
        Rc::new(Revision(self.0.wrapping_add(1)))
    }
}
