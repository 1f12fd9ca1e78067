//! The geometry of the health charts: time and value mapped into the SVG's box, a readable top
//! of the scale, numbers as the captions show them. The component is `ui::line_chart`.

use super::metrics::Series;

pub const WIDTH: f64 = 600.0;
pub const HEIGHT: f64 = 150.0;
pub const LEFT: f64 = 44.0;
pub const BOTTOM: f64 = 18.0;
pub const TOP: f64 = 8.0;

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

pub fn number(v: f64) -> String {
    if v.fract().abs() < 1e-9 || v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
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
