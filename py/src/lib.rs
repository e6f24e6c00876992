//! Python binding of datafee (stub: filled in by the Python binding change).
