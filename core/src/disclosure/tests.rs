//! Unit tests of the disclosures.
