//! The figures a run produced: printed as a table next to their budgets and written to
//! `report.json` as a list of `{name, value, unit, budget}` (lower is better; a figure
//! without a budget is context for the others).

use std::path::Path;

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub name: String,
    pub value: f64,
    pub unit: &'static str,
    pub budget: Option<f64>,
}

impl Figure {
    pub fn within_budget(&self) -> bool {
        self.budget.is_none_or(|b| self.value <= b)
    }
}

#[derive(Debug, Default)]
pub struct Report {
    figures: Vec<Figure>,
}

impl Report {
    /// Records a figure and prints it at once, so a long run shows progress.
    pub fn add(
        &mut self,
        name: impl Into<String>,
        value: f64,
        unit: &'static str,
        budget: Option<f64>,
    ) {
        let figure = Figure {
            name: name.into(),
            value,
            unit,
            budget,
        };
        println!("  {}", row(&figure));
        self.figures.push(figure);
    }

    pub fn figures(&self) -> &[Figure] {
        &self.figures
    }

    pub fn over_budget(&self) -> Vec<&Figure> {
        self.figures.iter().filter(|f| !f.within_budget()).collect()
    }

    pub fn write_json(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_string_pretty(&self.figures).map_err(std::io::Error::other)?;
        std::fs::write(path, json + "\n")
    }

    /// The whole table, for the end of the run.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<58} {:>14} {:<6} {:>12}  {}\n",
            "figure", "value", "unit", "budget", "verdict"
        );
        out.push_str(&"-".repeat(100));
        out.push('\n');
        for f in &self.figures {
            out.push_str(&row(f));
            out.push('\n');
        }
        out
    }
}

fn row(f: &Figure) -> String {
    let (budget, verdict) = match f.budget {
        Some(b) if f.value <= b => (format!("≤ {}", number(b)), "ok"),
        Some(b) => (format!("≤ {}", number(b)), "OVER BUDGET"),
        None => (String::new(), ""),
    };
    format!(
        "{:<58} {:>14} {:<6} {:>12}  {}",
        f.name,
        number(f.value),
        f.unit,
        budget,
        verdict
    )
}

/// Whole numbers without decimals, small ones with enough to be useful.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else if v.abs() >= 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_follow_the_budget_and_json_has_every_field() {
        let mut r = Report::default();
        r.add("under", 1.5, "ms", Some(2.0));
        r.add("over", 3.0, "ms", Some(2.0));
        r.add("context", 7.0, "MB", None);
        let names: Vec<_> = r.over_budget().iter().map(|f| f.name.clone()).collect();
        assert_eq!(names, ["over"]);
        let table = r.table();
        assert!(table.contains("OVER BUDGET"));
        assert!(
            table
                .lines()
                .any(|l| l.starts_with("under") && l.ends_with("ok"))
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        r.write_json(&path).unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            json[0],
            serde_json::json!({"name": "under", "value": 1.5, "unit": "ms", "budget": 2.0})
        );
        assert_eq!(json[2]["budget"], serde_json::Value::Null);
    }
}
