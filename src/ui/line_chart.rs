//! A small SVG line chart: one or more series over a time window, with an optional threshold
//! line. Our own component rather than a charting crate: it is a few hundred bytes of view code.
//! Each series carries its point count and last value as data attributes, and the caption says
//! the same in words, for screen readers and tests alike.

use crate::browser::local_time;
use crate::health::chart::{number, Frame, HEIGHT, LEFT, WIDTH};
use crate::health::metrics::Series;
use leptos::prelude::*;

fn with_unit(v: f64, unit: &str) -> String {
    if unit.is_empty() {
        number(v)
    } else {
        format!("{} {unit}", number(v))
    }
}

#[component]
pub fn LineChart(
    #[prop(into)] title: String,
    unit: &'static str,
    series: Vec<Series>,
    window: (u64, u64),
    #[prop(optional)] threshold: Option<(f64, String)>,
) -> impl IntoView {
    let frame = Frame::new(window, &series, threshold.as_ref().map(|t| t.0));
    let caption = if series.iter().all(|s| s.points.is_empty()) {
        "No data in this range.".to_owned()
    } else {
        series
            .iter()
            .map(|s| match (s.last(), s.max()) {
                (Some(last), Some(max)) => format!("{}: last {}, highest {}", s.label, with_unit(last, unit), with_unit(max, unit)),
                _ => format!("{}: no data", s.label),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let lines = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            view! {
                <g class=format!("series series-{}", i % 4) data-label=s.label.clone() data-points=s.points.len().to_string()
                    data-last=s.last().map(number).unwrap_or_default()>
                    <path d=frame.path(s) fill="none"/>
                </g>
            }
        })
        .collect_view();
    let rule = threshold.map(|(value, label)| {
        let y = frame.y(value);
        view! {
            <line class="threshold" x1=LEFT y1=y x2=WIDTH y2=y/>
            <text class="threshold-label" x=WIDTH - 4.0 y=y - 3.0 text-anchor="end">{label}</text>
        }
    });
    let legend = series.iter().enumerate().map(|(i, s)| view! { <span class=format!("key series-{}", i % 4)>{s.label.clone()}</span> }).collect_view();
    let half = frame.top_value / 2.0;
    view! {
        <figure class="chart">
            <figcaption><strong>{title}</strong>" "<span class="legend">{legend}</span><span class="reading">{caption}</span></figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-hidden="true" preserveAspectRatio="none">
                <line class="axis" x1=LEFT y1=frame.y(0.0) x2=WIDTH y2=frame.y(0.0)/>
                <line class="grid" x1=LEFT y1=frame.y(half) x2=WIDTH y2=frame.y(half)/>
                <text class="tick" x=LEFT - 4.0 y=frame.y(frame.top_value) + 8.0 text-anchor="end">{number(frame.top_value)}</text>
                <text class="tick" x=LEFT - 4.0 y=frame.y(half) + 3.0 text-anchor="end">{number(half)}</text>
                <text class="tick" x=LEFT - 4.0 y=frame.y(0.0) text-anchor="end">"0"</text>
                <text class="tick" x=LEFT y=HEIGHT - 3.0>{local_time(frame.start)}</text>
                <text class="tick" x=WIDTH y=HEIGHT - 3.0 text-anchor="end">{local_time(frame.end)}</text>
                {rule}
                {lines}
            </svg>
        </figure>
    }
}
