//! Working papers (底稿): every computed figure with its formula, inputs, result and rounding.
//!
//! A regulator must be able to print how each figure was reached. Every engine step
//! that produces a figure (an MPR block, a cap, a compliance verdict, a share) also
//! produces an [`Explanation`]; a [`WorkingPaper`] collects them and renders as plain
//! text or Markdown.
//!
//! ```
//! use datafee::explain::{Explanation, WorkingPaper};
//! let e = Explanation::new("cap.p1/s1", "Cap 上限收费标准", "floor(RR / volume, 0.01)")
//!     .input("RR", "1000.00")
//!     .input("volume", "3")
//!     .result("333.33")
//!     .rounding("floor to 0.01");
//! let paper = WorkingPaper::new("Cap of p1").with(e);
//! assert!(paper.to_markdown().contains("| RR | 1000.00 |"));
//! assert!(paper.to_text().contains("= 333.33"));
//! ```

use std::cell::Cell;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

/// One named input of a computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ExplanationInput"))]
pub struct Input {
    /// The input's name as it appears in the formula.
    pub name: String,
    /// Its value as text (decimals exactly as computed).
    pub value: String,
}

/// How one figure was computed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Explanation {
    /// A stable id (`"mpr.2026.taxes"`, `"cap.p01/industry"`).
    pub id: String,
    /// A title with the policy term (`"Permitted profit 准许利润"`).
    pub title: String,
    /// The formula in words and symbols.
    pub formula: String,
    /// The inputs, in the order the formula uses them.
    pub inputs: Vec<Input>,
    /// The result as text.
    pub result: String,
    /// The rounding applied to reach `result`, if any (`"floor to 0.01"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<String>,
    /// Remarks: interpretations, clamps, warnings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

thread_local! {
    /// Whether the working papers are left out (see [`without_papers`]).
    static PAPERS_OFF: Cell<bool> = const { Cell::new(false) };
}

/// Whether explanations are being written (false inside [`without_papers`]). Code that builds
/// costly explanation text (a formatted id, a table of inputs) may skip it when this is false.
pub fn papers_wanted() -> bool {
    !PAPERS_OFF.with(Cell::get)
}

/// Paper text made by `f` only when papers are wanted, else empty: for an explanation's id,
/// title or input built by `format!`, whose arguments would otherwise be formatted before
/// [`Explanation::new`] could leave them out (the recompute runs without papers).
pub fn text(f: impl FnOnce() -> String) -> String {
    if papers_wanted() {
        f()
    } else {
        String::new()
    }
}

/// Run `f` with the working papers left out: every [`Explanation`] built inside is empty (no
/// id, title, inputs or result text), which saves formatting every input of every figure. For
/// results whose papers are dropped anyway (`chain.figures`, the calculator's recompute); the
/// figures are the same, only their explanations are empty. Restores the previous state on
/// return and on unwinding.
pub fn without_papers<R>(f: impl FnOnce() -> R) -> R {
    with_switch_on(&PAPERS_OFF, f)
}

/// Run `f` with the thread-local switch `switch` on, restoring its previous state on return
/// and on unwinding (the run-wide switches: [`without_papers`], `chain.summary`'s records).
pub(crate) fn with_switch_on<R>(switch: &'static std::thread::LocalKey<Cell<bool>>, f: impl FnOnce() -> R) -> R {
    struct Restore(&'static std::thread::LocalKey<Cell<bool>>, bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            self.0.with(|c| c.set(self.1));
        }
    }
    let _restore = Restore(switch, switch.with(|c| c.replace(true)));
    f()
}

/// Whether a working-paper member is left out when its result is serialized: true inside
/// [`without_papers`], false otherwise. The `skip_serializing_if` of the chain result's
/// `explanation`/`explanations`/`profile_paper` (and `costs`) members, so that `chain.figures`
/// writes its figures straight to JSON without those members instead of building the whole
/// result as a `Value` and stripping it ([`crate::lean`]). Left off the JSON Schemas (the
/// attribute is not applied with the `schema` feature): the papers are part of `chain.run`'s
/// documented result, and `chain.figures` documents its own shape.
pub fn left_out_of_figures<T: ?Sized>(_: &T) -> bool {
    !papers_wanted()
}

impl Explanation {
    /// Start an explanation with its id, title and formula (an empty one inside
    /// [`without_papers`]).
    pub fn new(id: impl Into<String>, title: impl Into<String>, formula: impl Into<String>) -> Self {
        if !papers_wanted() {
            return Explanation::default();
        }
        Explanation { id: id.into(), title: title.into(), formula: formula.into(), ..Default::default() }
    }

    /// [`Explanation::new`] with the id and title made by `head` only when papers are wanted
    /// (for an id and title built by `format!`: nothing is formatted inside [`without_papers`]).
    pub fn deferred(head: impl FnOnce() -> (String, String), formula: impl Into<String>) -> Self {
        if !papers_wanted() {
            return Explanation::default();
        }
        let (id, title) = head();
        Explanation::new(id, title, formula)
    }

    /// Add an input.
    #[must_use]
    pub fn input(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        if papers_wanted() {
            self.inputs.push(Input { name: name.into(), value: value.to_string() });
        }
        self
    }

    /// Set the result.
    #[must_use]
    pub fn result(mut self, value: impl ToString) -> Self {
        if papers_wanted() {
            self.result = value.to_string();
        }
        self
    }

    /// Record the rounding applied.
    #[must_use]
    pub fn rounding(mut self, rule: impl Into<String>) -> Self {
        if papers_wanted() {
            self.rounding = Some(rule.into());
        }
        self
    }

    /// Add a note.
    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Self {
        if papers_wanted() {
            self.notes.push(note.into());
        }
        self
    }

    /// Add a note made by `f`, only when papers are wanted ([`Explanation::note`] for a
    /// formatted note: nothing is formatted inside [`without_papers`]).
    #[must_use]
    pub fn note_with(self, f: impl FnOnce() -> String) -> Self {
        if papers_wanted() {
            self.note(f())
        } else {
            self
        }
    }

    /// Render as plain text.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} [{}]", self.title, self.id);
        let _ = writeln!(s, "  formula: {}", self.formula);
        let width = self.inputs.iter().map(|i| i.name.chars().count()).max().unwrap_or(0);
        for i in &self.inputs {
            let _ = writeln!(s, "    {:<width$} = {}", i.name, i.value);
        }
        match &self.rounding {
            Some(r) => {
                let _ = writeln!(s, "  = {}   ({})", self.result, r);
            }
            None => {
                let _ = writeln!(s, "  = {}", self.result);
            }
        }
        for n in &self.notes {
            let _ = writeln!(s, "  note: {n}");
        }
        s
    }

    /// Render as Markdown: a heading, the formula and a table of inputs.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "#### {} (`{}`)\n", self.title, self.id);
        let _ = writeln!(s, "Formula: `{}`\n", self.formula.replace('`', "'"));
        if !self.inputs.is_empty() {
            s.push_str("| input | value |\n|---|---|\n");
            for i in &self.inputs {
                let _ = writeln!(s, "| {} | {} |", md_cell(&i.name), md_cell(&i.value));
            }
            s.push('\n');
        }
        let _ = write!(s, "**Result: {}**", self.result);
        if let Some(r) = &self.rounding {
            let _ = write!(s, " (rounding: {r})");
        }
        s.push_str("\n\n");
        for n in &self.notes {
            let _ = writeln!(s, "> {n}\n");
        }
        s
    }
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A titled collection of explanations (底稿).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WorkingPaper {
    /// The paper's title.
    pub title: String,
    /// The explanations, in computation order.
    pub items: Vec<Explanation>,
}

impl WorkingPaper {
    /// An empty paper.
    pub fn new(title: impl Into<String>) -> Self {
        WorkingPaper { title: title.into(), items: Vec::new() }
    }

    /// Add an explanation.
    #[must_use]
    pub fn with(mut self, e: Explanation) -> Self {
        self.items.push(e);
        self
    }

    /// Find an explanation by id.
    pub fn get(&self, id: &str) -> Option<&Explanation> {
        self.items.iter().find(|e| e.id == id)
    }

    /// Render as plain text.
    pub fn to_text(&self) -> String {
        let mut s = format!("{}\n{}\n", self.title, "=".repeat(self.title.chars().count().max(8)));
        for e in &self.items {
            s.push_str(&e.to_text());
            s.push('\n');
        }
        s
    }

    /// Render as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut s = format!("### {}\n\n", self.title);
        for e in &self.items {
            s.push_str(&e.to_markdown());
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deferred_text_is_made_only_when_papers_are_wanted() {
        let calls = Cell::new(0);
        let make = || {
            calls.set(calls.get() + 1);
            "mpr.2026".to_string()
        };
        assert_eq!(text(make), "mpr.2026");
        let e = Explanation::new("id", "title", "f").note_with(make);
        assert_eq!(e.notes, vec!["mpr.2026".to_string()]);
        assert_eq!(calls.get(), 2);
        let (t, e) = without_papers(|| (text(make), Explanation::new("id", "title", "f").note_with(make)));
        assert_eq!(t, "");
        assert!(e.notes.is_empty());
        assert_eq!(calls.get(), 2, "nothing is formatted without papers");
        let head = || (make(), make());
        assert_eq!(without_papers(|| Explanation::deferred(head, "f")).id, "");
        assert_eq!(calls.get(), 2, "nor an id and title");
        let e = Explanation::deferred(head, "f");
        assert_eq!((e.id.as_str(), e.title.as_str(), e.formula.as_str(), calls.get()), ("mpr.2026", "mpr.2026", "f", 4));
    }
}
