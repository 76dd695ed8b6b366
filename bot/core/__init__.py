"""The platform-agnostic core: no I/O, no platform imports, time from an injected clock."""
