//! "Beat the scheduler": the person is the scheduler of two or three threads of pseudo-Python
//! and wins by finding the order of steps that breaks the program. Nothing is timed and no
//! thread computes: the level engine (parlab-kernels' `levels`) steps the threads, and the page
//! is a function of `level` and `moves`, so the address is the game and a solution is a link.

mod solved;
mod views;

use std::num::NonZeroUsize;

use parlab_kernels::levels::{LevelsParams, Machine, explore};
use parlab_kernels::params::{Demo, ParamEdit};
use yew::prelude::*;

use crate::shell::demo::{DemoEntry, DemoProps, DemoView};
use views::{level_list, level_state, outcome, thread_column};

pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::Levels,
    title: "Beat the scheduler",
    lesson: "levels.html",
    pool_reason: None,
    // The threads are simulated on the page's own thread: the smallest pool will do.
    pool_size: |_, _| NonZeroUsize::MIN,
    keeps_runs: false,
};

pub fn view(v: &DemoView) -> Html {
    html! { <LevelsDemo ..v.props(v.state.levels) /> }
}

/// `moves` as the URL writes it: `0,1,1,0`.
fn moves_query(moves: &[u8]) -> String {
    moves.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
}

#[component]
fn LevelsDemo(props: &DemoProps<LevelsParams>) -> Html {
    let id = props.params.level;
    let level = id.level();
    let mut machine = Machine::new(level);
    let refused = machine.play(props.params.moves.as_slice()).err();
    let proof = use_memo(id, |id| id.level().fixed.then(|| explore(id.level())));
    let won = !level.fixed && machine.goal_reached();
    let solved = use_state(solved::read);
    {
        let solved = solved.clone();
        use_effect_with((won, id), move |(won, id)| {
            if *won {
                solved.set(solved::record(id.name()));
            }
        });
    }

    let play = |moves: Vec<u8>| {
        let on_edit = props.on_edit.clone();
        Callback::from(move |_: MouseEvent| on_edit.emit(ParamEdit::new("moves", moves_query(&moves))))
    };
    let played = machine.moves();
    let undo = play(played[..played.len().saturating_sub(1)].to_vec());
    let restart = play(Vec::new());
    let columns = (0..level.program.threads.len()).map(|thread| {
        let mut next = played.clone();
        next.push(u8::try_from(thread).unwrap_or(u8::MAX));
        thread_column(&machine, thread, play(next))
    });
    let over = machine.goal_reached() || (0..level.program.threads.len()).all(|t| machine.runnable(t).is_err());

    html! {
        <div class="demo levels-demo">
            <section class="intro">
                <h2>{ "Beat the scheduler" }</h2>
                <p>{ "You are the scheduler. Each button lets one thread take its next atomic step: a load, an add, a store, taking a lock, waiting. Pick the order that breaks the program. Every buggy level has a fixed twin, which the page proves safe by trying every order of steps; each level links to the same bug on real threads." }</p>
            </section>
            <section class="level-play">
                { level_list(id, &solved) }
                <div class="level">
                    <h3>{ level.title }{ if level.fixed { " (fixed)" } else { "" } }</h3>
                    <p class="level-goal" data-testid="level-goal">{ level.goal_text }</p>
                    <pre class="level-setup" aria-label="shared setup">{ level.program.setup_lines().join("\n") }</pre>
                    <div class="level-threads">{ for columns }</div>
                    <p class="level-controls">
                        <button data-testid="undo" onclick={undo} disabled={played.is_empty()}>{ "Undo" }</button>
                        <button data-testid="restart" onclick={restart} disabled={played.is_empty()}>{ "Start over" }</button>
                        <span class="note">{ format!(" {} so far", parlab_kernels::verdict::count(played.len(), "move")) }</span>
                    </p>
                    if let Some((_, message)) = &refused {
                        <p class="notice error" data-testid="level-refused">{ format!("{message} The moves before it were played.") }</p>
                    }
                    { level_state(&machine) }
                    { outcome(id, won, over, played.len(), proof.as_ref().as_ref()) }
                </div>
            </section>
        </div>
    }
}
