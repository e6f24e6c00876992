//! Unit tests of the periodic review.
