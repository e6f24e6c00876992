//! The allocation statement (收益分配账单) as .xlsx: the statement's own tables
//! ([`datafee::disclosure::Disclose`]), the same the CSV, Markdown and HTML renderers read,
//! laid out by [`crate::export::tables_to_xlsx`] (about sheet, one sheet per table, figures as
//! exact numbers). Nothing is computed here.

use datafee::disclosure::Disclose;
use datafee::sharing::statement::Statement;

use crate::error::Result;
use crate::export::tables_to_xlsx;

/// A period's allocation statement (收益分配账单: per party, product lines, products, in-kind
/// support valued, treasury levels, totals) as .xlsx bytes.
///
/// Errors: those of [`tables_to_xlsx`].
///
/// ```
/// use serde_json::json;
/// let input = datafee::doc::from_value(json!({
///   "period": {"from": "2026-01-01", "to": "2026-03-31"},
///   "sharing": {"two_layer": {"product": "p1", "revenue": "1000.00", "tax_basis": "vat_exclusive",
///     "vat_rate": "0.06", "surcharge_rate": "0",
///     "layer1": [{"id": "bureau", "ratio": "0.10", "treasury": "city"}],
///     "layer2": {"parties": [{"id": "op", "kind": "operator", "ratio": "1"}], "method": "fixed_ratios"}}}}))?;
/// let st = datafee::sharing::statement::statement(&input)?;
/// let bytes = datafee_xlsx::statement_to_xlsx(&st).expect("xlsx");
/// assert_eq!(&bytes[..2], b"PK");
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn statement_to_xlsx(s: &Statement) -> Result<Vec<u8>> {
    tables_to_xlsx(&s.tables())
}
