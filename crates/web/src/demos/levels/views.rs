//! What a level shows: the list of levels, each thread's program with its step button, the
//! shared state, and how the play ended (a win, the proof of a fixed twin, or nothing broke).
//! Functions, not components: each is a picture of the machine the page replayed.

use parlab_kernels::levels::{Exploration, LevelId, LockKind, Machine};
use yew::prelude::*;

/// Every level, buggy ones each followed by its fixed twin; a level is a link, so it opens
/// with no moves played.
pub fn level_list(current: LevelId, solved: &[String]) -> Html {
    let items = LevelId::all().into_iter().map(|id| {
        let level = id.level();
        let won = solved.iter().any(|known| known == level.id);
        let here = id == current;
        html! {
            <li data-level={level.id} data-solved={won.to_string()} class={classes!(here.then_some("current"), level.fixed.then_some("fixed"))}>
                <a href={format!("?demo=levels&level={}", level.id)} aria-current={here.then_some("page")}>
                    { level.title }{ if level.fixed { " (fixed)" } else { "" } }
                </a>
                if won {
                    <span class="level-solved">{ " ✓ won" }</span>
                }
            </li>
        }
    });
    html! {
        <nav class="level-list" aria-label="levels">
            <ol data-testid="level-list">{ for items }</ol>
        </nav>
    }
}

/// One thread: its program with the line of its next step marked, what that step will do (or
/// why it cannot go on), its own locals, and the button that lets it take the step.
pub fn thread_column(machine: &Machine, thread: usize, on_step: Callback<MouseEvent>) -> Html {
    let program = &machine.level().program;
    let code = &program.threads[thread];
    let current = machine.current_line(thread);
    let runnable = machine.runnable(thread);
    let status = match (&runnable, machine.next_step_text(thread)) {
        (Ok(()), Some(text)) => format!("Next: {text}"),
        (Ok(()), None) => format!("Thread {thread} has finished."),
        (Err(refused), _) => format!("{}.", capitalised(&refused.to_string())),
    };
    let locals = program
        .locals
        .iter()
        .zip(&machine.state().threads[thread].locals)
        .map(|(name, value)| format!("{name} = {value}"))
        .collect::<Vec<_>>()
        .join(", ");
    let lines = code.lines.iter().enumerate().map(|(at, line)| {
        let here = current == Some(at);
        html! { <li class={classes!(here.then_some("current"))} aria-current={here.then_some("step")}><code>{ line }</code></li> }
    });
    html! {
        <section class="level-thread" aria-label={format!("thread {thread}")}>
            <h4>{ format!("Thread {thread}") }<span class="note">{ format!(" ({})", code.role) }</span></h4>
            <ol class="thread-program" data-testid="thread-program" data-thread={thread.to_string()}>{ for lines }</ol>
            <p class="thread-status" data-testid="thread-status" data-thread={thread.to_string()}>{ status }</p>
            if !locals.is_empty() {
                <p class="note">{ format!("Its locals: {locals}") }</p>
            }
            <button data-testid="step-thread" data-thread={thread.to_string()} disabled={runnable.is_err()} onclick={on_step}>
                { format!("Step thread {thread}") }
            </button>
        </section>
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The shared variables, locks, semaphores, conditions and events as they stand; the variables
/// also as JSON in `data-vars`, for tests and embedders.
pub fn level_state(machine: &Machine) -> Html {
    let program = &machine.level().program;
    let state = machine.state();
    let vars = program.vars.iter().zip(&state.vars);
    let json =
        vars.clone().map(|(var, value)| format!("\"{}\":{}", var.name, value.json())).collect::<Vec<_>>().join(",");
    let mut rows: Vec<(String, String)> = vars.map(|(var, value)| (var.name.to_owned(), value.to_string())).collect();
    for (lock, held) in program.locks.iter().zip(&state.locks) {
        if lock.kind == LockKind::OfCondition {
            continue;
        }
        let holder = match (held.holder, held.depth) {
            (None, _) => "free".to_owned(),
            (Some(thread), depth) if depth > 1 => format!("held by thread {thread}, {depth} times"),
            (Some(thread), _) => format!("held by thread {thread}"),
        };
        rows.push((lock.name.to_owned(), holder));
    }
    for (semaphore, value) in program.semaphores.iter().zip(&state.semaphores) {
        rows.push((semaphore.name.to_owned(), format!("{value} (a semaphore)")));
    }
    for (condition, waiting) in program.conditions.iter().zip(&state.waiting) {
        let holder = state.locks[condition.lock]
            .holder
            .map_or("its lock is free".to_owned(), |t| format!("its lock held by thread {t}"));
        let waiters = if waiting.is_empty() {
            "nobody waits".to_owned()
        } else {
            format!("waiting: {}", waiting.iter().map(|t| format!("thread {t}")).collect::<Vec<_>>().join(", "))
        };
        rows.push((condition.name.to_owned(), format!("{waiters}; {holder}")));
    }
    for (event, set) in program.events.iter().zip(&state.events) {
        rows.push(((*event).to_owned(), if *set { "set".to_owned() } else { "not set".to_owned() }));
    }
    html! {
        <div class="level-state" data-testid="level-state" data-vars={format!("{{{json}}}")}>
            <h4>{ "Shared state" }</h4>
            <table>
                <tbody>
                    { for rows.into_iter().map(|(name, value)| html! { <tr><th scope="row"><code>{ name }</code></th><td>{ value }</td></tr> }) }
                </tbody>
            </table>
        </div>
    }
}

/// How the play stands: the win and what it teaches, the proof of a fixed twin, or that every
/// thread stopped without breaking the program; and the same bug on real threads.
pub fn outcome(id: LevelId, won: bool, over: bool, moves: usize, proof: Option<&Exploration>) -> Html {
    let level = id.level();
    let demo_href = if level.demo.query.is_empty() {
        format!("?demo={}", level.demo.demo)
    } else {
        format!("?demo={}&{}", level.demo.demo, level.demo.query)
    };
    let twin = id.twin().level();
    html! { <>
        if let Some(proof) = proof {
            <div class="notice info level-proof" data-testid="level-proof" data-safe={(!proof.goal_reachable()).to_string()} data-states={proof.states.to_string()}>
                if proof.goal_reachable() {
                    <p><strong>{ format!("Not safe: an order of steps reaches the goal ({} states explored).", proof.states) }</strong></p>
                } else {
                    <p><strong>{ format!("Proved: no order of steps reaches the goal ({} states explored).", proof.states) }</strong></p>
                }
                <p>{ level.lesson }</p>
            </div>
        }
        if won {
            <div class="notice info level-won" data-testid="level-won" data-level={level.id}>
                <p><strong>{ format!("You broke it in {}{}.", parlab_kernels::verdict::count(moves, "move"), level.par.map_or(String::new(), |par| format!(" (the shortest way takes {par})"))) }</strong></p>
                <p>{ level.lesson }</p>
                <p><a href={format!("?demo=levels&level={}", twin.id)}>{ format!("Now try its fixed twin: {} (fixed)", twin.title) }</a></p>
            </div>
        } else if over && !level.fixed {
            <p class="notice info" data-testid="level-over">{ "Every thread has finished or cannot go on, and the program did not break this time: Undo, or Start over, and try another order." }</p>
        }
        <p class="note">
            <a data-testid="level-demo" href={demo_href}>{ format!("The same bug on real threads: the {} demo", level.demo.demo) }</a>
        </p>
    </> }
}
