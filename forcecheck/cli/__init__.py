"""The ``forcecheck`` command: a thin shell over the library (no logic lives only here)."""
