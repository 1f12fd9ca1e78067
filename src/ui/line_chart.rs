//! A small SVG line chart: one or more series over a time window, with an optional threshold
//! line. Our own component rather than a charting crate: it is a few hundred bytes of view code.
//! Each series carries its point count and last value as data attributes, and the caption says
//! the same in words, for screen readers and tests alike.

use crate::browser::local_time;
use crate::health::metrics::Series;
use leptos::prelude::*;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 150.0;
const LEFT: f64 = 44.0;
const BOTTOM: f64 = 18.0;
const TOP: f64 = 8.0;

/// Maps time and value to the SVG's coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub start: f64,
    pub end: f64,
    pub top_value: f64,
}

impl Frame {
    /// The vertical scale goes a little past the highest value or threshold, and never below 1.
    pub fn new((start, end): (u64, u64), series: &[Series], threshold: Option<f64>) -> Self {
        let highest = series.iter().filter_map(Series::max).chain(threshold).fold(0.0, f64::max);
        Self { start: start as f64, end: end.max(start + 1) as f64, top_value: nice_ceiling(highest * 1.1).max(1.0) }
    }

    pub fn x(&self, t: f64) -> f64 {
        LEFT + (t - self.start) / (self.end - self.start) * (WIDTH - LEFT)
    }

    pub fn y(&self, v: f64) -> f64 {
        TOP + (1.0 - v.clamp(0.0, self.top_value) / self.top_value) * (HEIGHT - TOP - BOTTOM)
    }

    pub fn path(&self, series: &Series) -> String {
        series
            .points
            .iter()
            .enumerate()
            .map(|(i, (t, v))| format!("{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, self.x(*t), self.y(*v)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// 1, 2 or 5 times a power of ten, at or above `v`: axis labels people can read.
pub fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 0.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|c| *c >= v).unwrap_or(10.0 * magnitude)
}

fn number(v: f64) -> String {
    if v.fract().abs() < 1e-9 || v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_round_up_to_readable_numbers() {
        assert_eq!(nice_ceiling(0.0), 0.0);
        assert_eq!(nice_ceiling(0.7), 1.0);
        assert_eq!(nice_ceiling(130.0), 200.0);
        assert_eq!(nice_ceiling(275.0), 500.0);
        assert_eq!(nice_ceiling(1000.0), 1000.0);
    }

    #[test]
    fn points_map_into_the_plot_area() {
        let s = Series { label: "p99".into(), points: vec![(1000.0, 0.0), (1600.0, 100.0)] };
        let f = Frame::new((1000, 1600), std::slice::from_ref(&s), Some(250.0));
        assert_eq!(f.top_value, 500.0, "the threshold is in view");
        assert_eq!(f.x(1000.0), LEFT);
        assert_eq!(f.x(1600.0), WIDTH);
        assert_eq!(f.y(0.0), HEIGHT - BOTTOM);
        assert_eq!(f.path(&s), format!("M{LEFT:.1},{:.1} L{WIDTH:.1},{:.1}", HEIGHT - BOTTOM, f.y(100.0)));
        let empty = Frame::new((5, 5), &[], None);
        assert_eq!(empty.top_value, 1.0, "an empty chart still has a scale");
        assert!(empty.end > empty.start);
    }
}
