"""The web application: a thin shell over the library."""
