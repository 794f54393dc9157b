package engine

// Band is band, for the tests of its figures.
var Band = band
