//! Percentiles and ranges.

/// A distribution of measurements.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    /// How many.
    pub n: usize,
    /// Median.
    pub p50: f64,
    /// 99th percentile (nearest rank).
    pub p99: f64,
    /// Mean.
    pub mean: f64,
    /// Smallest.
    pub min: f64,
    /// Largest.
    pub max: f64,
}

impl Summary {
    /// The summary of `values` (all zero when there are none).
    pub fn of(values: &[f64]) -> Summary {
        if values.is_empty() {
            return Summary::default();
        }
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Summary {
            n: sorted.len(),
            p50: percentile(&sorted, 0.50),
            p99: percentile(&sorted, 0.99),
            mean: sorted.iter().sum::<f64>() / sorted.len() as f64,
            min: sorted[0],
            max: sorted[sorted.len() - 1],
        }
    }

    /// The median, with the range when there is more than one value:
    /// `12.3 (11.9–13.0)`.
    pub fn median_range(&self, decimals: usize) -> String {
        if self.n > 1 {
            format!(
                "{:.d$} ({:.d$}–{:.d$})",
                self.p50,
                self.min,
                self.max,
                d = decimals
            )
        } else {
            format!("{:.d$}", self.p50, d = decimals)
        }
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
