"""Pure writers: programme (and settings) in, bytes out. No Pelican, no disk."""
